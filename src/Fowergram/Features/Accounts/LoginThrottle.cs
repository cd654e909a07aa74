using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Per-account login throttling, whatever the caller's address: <see cref="AuthOptions.LoginMaxFailures"/>
/// failures inside <see cref="AuthOptions.LoginFailureWindow"/> lock the account's logins for one window.
/// A login that names no account is counted and locked the same way, by the login's hash (<see cref="BeginUnknownAsync"/>), so the
/// answers never tell an address somebody uses from one nobody does.
/// </summary>
public sealed class LoginThrottle(NpgsqlDataSource db, IOptions<AuthOptions> options, TimeProvider time, ILogger<LoginThrottle> logger)
{
    private AuthOptions Options => options.Value;

    /// <summary>Counts an attempt; returns how long the caller must wait when the account is locked, else null.</summary>
    public Task<TimeSpan?> BeginAsync(Guid userId, CancellationToken ct) => BeginAsync(SessionsSql.BeginAttempt, new { userId }, ct);

    /// <summary>The attempt counted by <see cref="BeginAsync"/> failed: lock once the limit is reached.</summary>
    public async Task FailedAsync(Guid userId, CancellationToken ct)
    {
        if (await FailedAsync(SessionsSql.LockIfExhausted, new { userId }, ct))
            logger.LogWarning("Logins to account {UserId} locked after {Failures} failures", userId, Options.LoginMaxFailures);
    }

    /// <summary>
    /// As <see cref="BeginAsync(Guid, CancellationToken)"/>, for a login (trimmed, lower-cased) that names no account: counted and
    /// locked by the login's hash exactly as an account's attempts are, so the answers (401s, then the 429 and its Retry-After)
    /// never tell an address nobody uses from one somebody does (docs/accounts.md "Login throttling").
    /// </summary>
    public Task<TimeSpan?> BeginUnknownAsync(string login, CancellationToken ct) => BeginAsync(SessionsSql.BeginUnknownAttempt, Unknown(login), ct);

    /// <summary>The attempt counted by <see cref="BeginUnknownAsync"/> failed, as every such attempt does.</summary>
    public Task FailedUnknownAsync(string login, CancellationToken ct) => FailedAsync(SessionsSql.LockUnknownIfExhausted, Unknown(login), ct);

    private static object Unknown(string login) => new { subject = FixedWindowCounter.Hashed(login) };

    private async Task<TimeSpan?> BeginAsync(string sql, object key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var args = new DynamicParameters(key);
        args.AddDynamicParams(new
        {
            now, windowStart = now - Options.LoginFailureWindow, lockUntil = now + Options.LoginFailureWindow, maxFailures = Options.LoginMaxFailures,
        });
        await using var conn = await db.OpenConnectionAsync(ct);
        var state = await conn.QuerySingleAsync<ThrottleState>(new CommandDefinition(sql, args, cancellationToken: ct));
        if (state.LockedUntil is not { } until || until <= now) return null;
        LoginMetrics.Refused(LoginMetrics.AccountLimit);
        return until - now;
    }

    /// <summary>True when this failure locked the logins.</summary>
    private async Task<bool> FailedAsync(string sql, object key, CancellationToken ct)
    {
        var args = new DynamicParameters(key);
        args.AddDynamicParams(new { lockUntil = time.GetUtcNow() + Options.LoginFailureWindow, maxFailures = Options.LoginMaxFailures });
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// The attempt counted by <see cref="BeginAsync"/> proved the owner but is refused for something else (a suspension, a
    /// change the rules refuse): no wrong guess, so it must not add up to a lock. A full proof clears the count, as a login
    /// does; the right password of an account whose two-factor code was not tried yet (<paramref name="codeUntried"/>) takes
    /// back only its own attempt, so that such refusals between code guesses cannot reset their count.
    /// </summary>
    public Task ProvenButRefusedAsync(Guid userId, bool codeUntried, CancellationToken ct) =>
        codeUntried ? TakeBackAsync(userId, ct) : ClearAsync(userId, ct);

    /// <summary>The attempt counted by <see cref="BeginAsync"/> tested nothing that may be guessed: it no longer counts, and the failures before it stay.</summary>
    private async Task TakeBackAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.TakeBackAttempt, new { userId }, cancellationToken: ct));
    }

    public async Task ClearAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await ClearAsync(conn, null, userId, ct);
    }

    public Task ClearAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(SessionsSql.ClearThrottle, new { userId }, tx, cancellationToken: ct));
}
