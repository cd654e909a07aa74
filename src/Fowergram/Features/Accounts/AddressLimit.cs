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

    private static readonly FixedWindowCounter Counter = new("address_throttles");

    /// <summary>Counts the request in <paramref name="group"/>; null within the limit, else the 429 to answer.</summary>
    public async Task<IResult?> TakeAsync(HttpRequest request, string group, CancellationToken ct)
    {
        var subject = FixedWindowCounter.Hashed(ClientAddresses.Key(request.HttpContext.Connection.RemoteIpAddress));
        var limit = options.Value.AddressRequestsPerWindow;
        var window = options.Value.AddressRequestWindow;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (wait, firstRefused) = await Counter.TakeAsync(conn, null, group, subject, limit, window, time.GetUtcNow(), ct);
        if (wait is null) return null;
        if (group == SignIn) LoginMetrics.Refused(LoginMetrics.AddressLimit);
        // The hash's head tells refusals of one address from another's in the logs without naming the address.
        if (firstRefused) logger.LogWarning("Requests to {Group} throttled for address {Subject} after {Requests} in {Window}", group, subject[..12], limit, window);
        return Problems.TooManyRequests(wait.Value, "Too many requests from your network address; try again later.");
    }
}
