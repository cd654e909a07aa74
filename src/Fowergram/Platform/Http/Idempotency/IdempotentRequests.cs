using System.Security.Cryptography;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// Runs a creating POST at most once per account and <c>Idempotency-Key</c> (docs/api.md "Idempotency keys"). The first
/// request with a key claims it (a row with a lease), runs, and keeps its 2xx answer for <see cref="Lifetime"/>; a repeat
/// with the same fingerprint gets that answer back (<c>Idempotent-Replayed: true</c>) and runs nothing, one with another
/// fingerprint 422, one while the first still runs 409. Any other first answer releases the key. Without the header the
/// request simply runs. The claim and the answer are their own statements, not the handler's transaction: see the
/// crash window in docs/api.md.
/// </summary>
public sealed class IdempotentRequests(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, ILogger<IdempotentRequests> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a first request holds its key before a repeat may take it over: longer than any request lives (Azure's
    /// front end cuts an HTTP request at 230 s), so only a request whose process died loses its claim.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Bodies above this are not fingerprinted: every creating route refuses them itself (413), keyed or not.</summary>
    internal const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> RunAsync(HttpRequest request, Func<Task<IResult>> create, CancellationToken ct)
    {
        var key = IdempotencyKey.Read(request, out var badKey);
        if (badKey is not null) return badKey;
        // No key, or no caller (the handler answers 401 for that, as without a key).
        if (key is null || tokens.CallerOf(request) is not { } caller) return await create();
        if (await FingerprintAsync(request, ct) is not { } fingerprint) return await create();

        var claim = new Claim(caller.UserId, key, fingerprint);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await TryClaimAsync(claim, ct) is { } lease) return await RunClaimedAsync(request, claim, lease, create);
            if (await ExistingAnswerAsync(claim, ct) is { } answer) return answer;
            // The row went between the claim and the read (its first request failed and released it): claim again.
        }
        return InProgress();
    }

    private sealed record Claim(Guid UserId, string Key, byte[] Fingerprint);

    private async Task<IResult> RunClaimedAsync(HttpRequest request, Claim claim, DateTimeOffset lease, Func<Task<IResult>> create)
    {
        CapturedAnswer answer;
        try
        {
            answer = await CapturedAnswer.CaptureAsync(await create(), request.HttpContext);
        }
        catch
        {
            await FinishAsync(IdempotencySql.Release, claim, lease, null);
            throw;
        }
        // Not cancellable: the write is done or refused whatever the client does now, and the key must say which.
        await FinishAsync(answer.Succeeded ? IdempotencySql.Keep : IdempotencySql.Release, claim, lease, answer);
        return answer.ToResult(replayed: false);
    }

    private async Task<DateTimeOffset?> TryClaimAsync(Claim claim, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var lease = now + Lease;
        await using var conn = await db.OpenConnectionAsync(ct);
        try
        {
            var claimed = await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(IdempotencySql.Claim, new
            {
                userId = claim.UserId, key = claim.Key, fingerprint = claim.Fingerprint, now, expiresAt = now + Lifetime, lockedUntil = lease,
            }, cancellationToken: ct));
            return claimed == true ? lease : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The account was purged since its token was issued: nothing to key; the handler answers 401.
            return null;
        }
    }

    private async Task<IResult?> ExistingAnswerAsync(Claim claim, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(IdempotencySql.Find,
            new { userId = claim.UserId, key = claim.Key, now = Timestamps.Now(time) }, cancellationToken: ct));
        if (row is null) return null;
        if (!CryptographicOperations.FixedTimeEquals(row.Fingerprint, claim.Fingerprint)) return Reused();
        if (row.ResponseStatus is not { } status) return InProgress();
        return CapturedAnswer.Stored(status, row.ResponseHeaders!, row.ResponseBody!).ToResult(replayed: true);
    }

    private sealed record KeyRow(byte[] Fingerprint, DateTimeOffset? LockedUntil, int? ResponseStatus, string? ResponseHeaders, byte[]? ResponseBody);

    private async Task FinishAsync(string sql, Claim claim, DateTimeOffset lease, CapturedAnswer? answer)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(new CommandDefinition(sql, new
            {
                userId = claim.UserId, key = claim.Key, lockedUntil = lease,
                status = answer?.Status, headers = answer?.HeadersJson(), body = answer?.Body,
            }, cancellationToken: CancellationToken.None));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The request itself is done; its answer goes out. The key stays claimed until its lease ends (docs/api.md).
            logger.LogError(e, "Idempotency key of {UserId} could not be settled; it frees itself when its lease ends", claim.UserId);
        }
    }

    /// <summary>SHA-256 of method, path with query, and body: what "the same request" means for a key.</summary>
    private static async Task<byte[]?> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) break;
        }
        request.Body.Position = 0;
        if (buffer.Length > MaxBodyBytes) return null;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        sha.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        return sha.GetHashAndReset();
    }

    private static IResult Reused() => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused.",
        $"This {IdempotencyKey.Header} was sent before with another request (method, path or body); use a new key for a new request.");

    private static IResult InProgress() => new RetryAfterOneSecond(Problem(StatusCodes.Status409Conflict, "Conflict.",
        $"A request with this {IdempotencyKey.Header} is still being answered; retry it in a moment to get its answer."));

    private static IResult Problem(int status, string title, string detail) => Results.Problem(new ProblemDetails
    {
        Status = status, Title = title, Detail = detail,
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [IdempotencyKey.Header] = [detail] } },
    });

    private sealed class RetryAfterOneSecond(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
