using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Limits what one client address may ask of the anonymous account routes (docs/accounts.md "Limits per address"):
/// Auth:AddressRequestsPerWindow requests per Auth:AddressRequestWindow and route group, counted in PostgreSQL so that every
/// instance of either host counts alike. The per-account and per-subject throttles cannot see password spraying (one password
/// over many accounts), scripted registrations or a flood of passkey challenges; this can. A request is counted before any
/// account is looked up, so the answer is the same whether or not the account exists, and in its own statement, so a
/// request that fails later still counts.
/// </summary>
public sealed class AddressLimit(NpgsqlDataSource db, IOptions<AuthOptions> options, TimeProvider time, ILogger<AddressLimit> logger)
{
    public const string Registration = "registration";
    /// <summary>Password and passkey logins, the passkey challenges before them, and appeals (a password check too).</summary>
    public const string SignIn = "sign_in";
    public const string PasswordReset = "password_reset";
    /// <summary>Registrations answered 409 naming <c>email</c> (<see cref="AuthOptions.RegistrationEmailConflictsPerWindow"/>).</summary>
    public const string RegistrationEmailTaken = "registration_email_taken";

    private static readonly FixedWindowCounter Counter = new("address_throttles");

    /// <summary>Counts the request in <paramref name="group"/>; null within the limit, else the 429 to answer.</summary>
    public async Task<IResult?> TakeAsync(HttpRequest request, string group, CancellationToken ct)
    {
        var subject = SubjectOf(request);
        var limit = LimitOf(group);
        var window = options.Value.AddressRequestWindow;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (wait, firstRefused) = await Counter.TakeAsync(conn, null, group, subject, limit, window, time.GetUtcNow(), ct);
        if (wait is null) return null;
        if (group == SignIn) LoginMetrics.Refused(LoginMetrics.AddressLimit);
        // The hash's head tells refusals of one address from another's in the logs without naming the address.
        if (firstRefused) logger.LogWarning("Requests to {Group} throttled for address {Subject} after {Requests} in {Window}", group, subject[..12], limit, window);
        return Refused(wait.Value);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in this address's turn for <paramref name="group"/> and counts it when it answers true; a
    /// 429 without running it once the group's count is spent. For work whose outcome is what is counted (a registration's
    /// look at the address): the refusal comes before that outcome is known, so it says nothing about it. The look at the
    /// count, the work and the count are one step per address (a transaction-scoped turn): before 2026-12-07 they were
    /// three, and a burst of parallel registrations all passed the look before any was counted, each learning that its
    /// address was taken (AddressLimitTests). <paramref name="work"/> runs on the turn's connection and transaction and holds
    /// the address's turn meanwhile, so it must be short (one indexed look).
    /// </summary>
    public async Task<IResult?> CountedTurnAsync(HttpRequest request, string group, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> work,
        CancellationToken ct)
    {
        var subject = SubjectOf(request);
        var (limit, window, now) = (LimitOf(group), options.Value.AddressRequestWindow, time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Counter.TakeTurnAsync(conn, tx, group, subject, ct);
        if (await Counter.WaitAsync(conn, tx, group, subject, limit, window, now, ct) is { } wait) return Refused(wait);
        if (await work(conn, tx)) await Counter.TakeAsync(conn, tx, group, subject, limit, window, now, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private int LimitOf(string group) =>
        group == RegistrationEmailTaken ? options.Value.RegistrationEmailConflictsPerWindow : options.Value.AddressRequestsPerWindow;

    private static string SubjectOf(HttpRequest request) =>
        FixedWindowCounter.Hashed(ClientAddresses.Key(request.HttpContext.Connection.RemoteIpAddress));

    // One answer for every group: a refusal for taken addresses must not read differently from the registration limit's.
    private static IResult Refused(TimeSpan wait) => Problems.TooManyRequests(wait, "Too many requests from your network address; try again later.");
}
