namespace Fowergram.Platform.Auth;

/// <summary>Bound from the <c>Auth</c> section (<c>Auth__SigningKey</c> etc. in environment / app settings).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key for access tokens, base64 or plain text, at least 32 bytes. Required outside Development.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "fowergram";
    public string Audience { get; set; } = "fowergram-api";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// How stale an instance's list of ended sessions may grow (<see cref="EndedSessions"/>): an access token of a session
    /// ended on another instance is refused there within this long; on the instance that ended it, at once.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// How long after a rotation a replay of the rotated token is taken for a client race (two tabs,
    /// a retried request) and merely refused. Later replays look like theft and revoke the whole family.
    /// </summary>
    public TimeSpan RefreshReuseGraceWindow { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>OWASP 2023 floor for PBKDF2-HMAC-SHA256; tests lower it to stay fast.</summary>
    public int PasswordIterations { get; set; } = 600_000;
    /// <summary>Failed logins per account inside <see cref="LoginFailureWindow"/> before the account is locked for one window.</summary>
    public int LoginMaxFailures { get; set; } = 5;
    public TimeSpan LoginFailureWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan EmailVerificationLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Verification or reset mails one account (or address) may request inside <see cref="MailRequestWindow"/>.</summary>
    public int MailRequestsPerWindow { get; set; } = 5;
    public TimeSpan MailRequestWindow { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// Requests one client address may make to one group of anonymous account routes (registration, sign-in, password reset)
    /// inside <see cref="AddressRequestWindow"/>; then 429 until the window ends (docs/accounts.md "Limits per address").
    /// </summary>
    public int AddressRequestsPerWindow { get; set; } = 30;
    public TimeSpan AddressRequestWindow { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>
    /// Registrations one client address may have answered "this e-mail address has an account" (409 naming <c>email</c>)
    /// inside <see cref="AddressRequestWindow"/>; then every registration from it is 429 until the window ends, so the 409 tells
    /// a script at most this many used addresses per window (docs/accounts.md "Registration and taken addresses").
    /// </summary>
    public int RegistrationEmailConflictsPerWindow { get; set; } = 5;
    /// <summary>How long after its owner deleted it an account can still be restored by logging in; then account-purge takes it apart.</summary>
    public TimeSpan DeletionGrace { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// How long account-purge waits after it found nothing left to remove before it deletes the account's row, so the
    /// consumers have applied the purge's events (the row's cascade raises none).
    /// </summary>
    public TimeSpan PurgeSettle { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The passkeys' relying party (docs/accounts.md "Passkeys").</summary>
    public Features.Accounts.PasskeyOptions Passkeys { get; set; } = new();

    public byte[] SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new InvalidOperationException("Auth:SigningKey is not configured (set Auth__SigningKey to at least 32 random bytes, base64).");
        byte[] key;
        try { key = Convert.FromBase64String(SigningKey); }
        catch (FormatException) { key = System.Text.Encoding.UTF8.GetBytes(SigningKey); }
        if (key.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        return key;
    }
}
