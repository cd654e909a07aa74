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
    /// The 429 to answer when <paramref name="group"/>'s count for this address is spent, without counting: asked before the
    /// work whose outcome is counted (a registration's address check), so that the refusal comes before that outcome is known
    /// and says nothing about it. The count itself is <see cref="TakeAsync"/>, once the outcome is.
    /// </summary>
    public async Task<IResult?> SpentAsync(HttpRequest request, string group, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await Counter.WaitAsync(conn, group, SubjectOf(request), LimitOf(group), options.Value.AddressRequestWindow, time.GetUtcNow(), ct)
            is { } wait ? Refused(wait) : null;
    }

    private int LimitOf(string group) =>
        group == RegistrationEmailTaken ? options.Value.RegistrationEmailConflictsPerWindow : options.Value.AddressRequestsPerWindow;

    private static string SubjectOf(HttpRequest request) =>
        FixedWindowCounter.Hashed(ClientAddresses.Key(request.HttpContext.Connection.RemoteIpAddress));

    // One answer for every group: a refusal for taken addresses must not read differently from the registration limit's.
    private static IResult Refused(TimeSpan wait) => Problems.TooManyRequests(wait, "Too many requests from your network address; try again later.");
}
