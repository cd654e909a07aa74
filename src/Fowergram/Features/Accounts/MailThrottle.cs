using System.Security.Cryptography;
using System.Text;
using Dapper;
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

    // An elapsed window starts afresh; the SET expressions see the row as it was.
    private const string Take = """
        INSERT INTO mail_throttles AS t (kind, subject, window_starts_at, requests)
        VALUES (@kind, @subject, @now, 1)
        ON CONFLICT (kind, subject) DO UPDATE SET
            requests = CASE WHEN t.window_starts_at <= @windowStart THEN 1 ELSE t.requests + 1 END,
            window_starts_at = CASE WHEN t.window_starts_at <= @windowStart THEN @now ELSE t.window_starts_at END
        RETURNING requests, window_starts_at
        """;

    /// <summary>The subject of an address: a hash, so addresses of no account are not stored.</summary>
    public static string AddressSubject(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    /// <summary>Counts one request; returns how long the caller must wait when it is over the limit, else null.</summary>
    public async Task<TimeSpan?> TakeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, string subject, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = options.Value.MailRequestWindow;
        var (requests, startedAt) = await conn.QuerySingleAsync<(int, DateTime)>(new CommandDefinition(Take,
            new { kind, subject, now, windowStart = now - window }, tx, cancellationToken: ct));
        if (requests <= options.Value.MailRequestsPerWindow) return null;
        if (requests == options.Value.MailRequestsPerWindow + 1)
            logger.LogWarning("Mail requests of kind {Kind} throttled for one subject after {Requests} in {Window}", kind, requests - 1, window);
        return new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)) + window - now;
    }
}
