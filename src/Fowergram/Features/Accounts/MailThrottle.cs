using Fowergram.Platform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Limits the mails a caller can make the service send on demand — another verification mail, a password
/// reset — to Auth:MailRequestsPerWindow per Auth:MailRequestWindow, so neither endpoint can flood an inbox
/// or the mail provider. Counted per subject in a fixed window, atomically (parallel requests cannot slip
/// past the limit), in the caller's transaction.
/// </summary>
public sealed class MailThrottle(IOptions<AuthOptions> options, TimeProvider time, ILogger<MailThrottle> logger)
{
    public const string Verification = "email_verification";
    public const string PasswordReset = "password_reset";

    private static readonly FixedWindowCounter Counter = new("mail_throttles");

    /// <summary>The subject of an address: a hash, so addresses of no account are not stored.</summary>
    public static string AddressSubject(string normalizedEmail) => FixedWindowCounter.Hashed(normalizedEmail);

    /// <summary>Counts one request; returns how long the caller must wait when it is over the limit, else null.</summary>
    public async Task<TimeSpan?> TakeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, string subject, CancellationToken ct)
    {
        var limit = options.Value.MailRequestsPerWindow;
        var window = options.Value.MailRequestWindow;
        var (wait, firstRefused) = await Counter.TakeAsync(conn, tx, kind, subject, limit, window, time.GetUtcNow(), ct);
        if (firstRefused) logger.LogWarning("Mail requests of kind {Kind} throttled for one subject after {Requests} in {Window}", kind, limit, window);
        return wait;
    }

    /// <summary>How long until one more request of <paramref name="kind"/> for <paramref name="subject"/> would be let through, if it would not; counts nothing.</summary>
    public Task<TimeSpan?> WaitAsync(NpgsqlConnection conn, string kind, string subject, CancellationToken ct) =>
        Counter.WaitAsync(conn, null, kind, subject, options.Value.MailRequestsPerWindow, options.Value.MailRequestWindow, time.GetUtcNow(), ct);
}
