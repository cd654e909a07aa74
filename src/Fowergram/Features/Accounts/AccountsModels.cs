using System.Text.Json.Serialization;

namespace Fowergram.Features.Accounts;

// Request bodies: every member is nullable so that a missing field becomes a per-field validation
// message from the handler instead of a deserialisation error.
public sealed record RegisterRequest(string? Email, string? Username, string? Password, string? FullName);

/// <summary>
/// POST /auth/login: the username or e-mail, the password, and when the account has two-factor sign-in on, the code — or
/// the device token a login of this device got by sending <c>trustDevice: true</c> with its code.
/// </summary>
public sealed record LoginRequest(string? Login, string? Password, string? Code = null, bool? TrustDevice = null, string? DeviceToken = null);

/// <summary>The session's tokens; with the device token, shown once, when the login asked to trust its device.</summary>
public sealed record LoginResponse(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt,
    string? DeviceToken = null, DateTimeOffset? DeviceTokenExpiresAt = null);

public sealed record RefreshTokenRequest(string? RefreshToken);

public sealed record VerifyEmailRequest(string? Token);

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public sealed record TokenPair(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);

public sealed record RegisteredResponse(MeView User, string AccessToken, DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);

public sealed record ExternalLink(string Title, string Url);

public sealed record BusinessInfo(string Category, string? Email, string? Phone, string? Address);

/// <summary>The account as its owner sees it (GET/PATCH /users/me). Nulls are omitted from the JSON.</summary>
public sealed record MeView(
    Guid Id, string Username, string Email, bool EmailVerified, string FullName, string Bio, string? Avatar,
    string? PhoneNumber, DateOnly? DateOfBirth, string? Gender, string ProfileCategory,
    IReadOnlyList<ExternalLink> ExternalLinks, BusinessInfo? BusinessInfo, bool IsPrivate, bool IsVerified,
    DateTimeOffset CreatedAt);

/// <summary>The account as anyone sees it. Counts and relationship state belong to the social graph.</summary>
public sealed record PublicProfileView(
    Guid Id, string Username, string FullName, string Bio, string? Avatar, IReadOnlyList<ExternalLink> ExternalLinks,
    bool IsPrivate, bool IsVerified, string ProfileCategory, BusinessInfo? BusinessInfo)
{
    /// <summary>
    /// Members other areas add (<see cref="Platform.Profiles.IProfileSection"/>), written inline; each section declares
    /// them (<c>Members</c>), and the API document names them.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, object> Sections { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A live session (GET /users/me/sessions): one login's refresh-token family. device is the User-Agent of the login,
/// lastActiveAt its latest refresh, expiresAt when it ends unless refreshed, current whether the caller's token is of it.
/// </summary>
public sealed record SessionView(Guid Id, string? Device, DateTimeOffset StartedAt, DateTimeOffset LastActiveAt, DateTimeOffset ExpiresAt,
    bool Current);

public sealed record SessionList(IReadOnlyList<SessionView> Items);

/// <summary>
/// PUT /users/me/password: the password in use, and the new one (the password policy's rules). While two-factor sign-in is on, also a current code or a recovery code (<c>code</c>).
/// </summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, string? Code = null);

/// <summary>
/// "About this account" (GET /users/{username}/about): dateJoined is the account's creation month (yyyy-MM, UTC);
/// formerUsernameCount counts all its username changes; formerUsernames, the newest 50 of them (AboutApi.FormerUsernamesShown),
/// only for the owner. No accountBasedIn: the data model keeps no country.
/// </summary>
public sealed record AccountAboutView(string Username, string DateJoined, bool IsVerified, int FormerUsernameCount,
    IReadOnlyList<FormerUsername>? FormerUsernames);

/// <summary>A name the account gave up, and when.</summary>
public sealed record FormerUsername(string Username, DateTimeOffset ChangedAt);
