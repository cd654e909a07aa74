using System.Net.Mail;
using System.Text.RegularExpressions;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>Field rules shared by registration, login, password reset and profile edits. Each returns an error message or null.</summary>
public static partial class AccountRules
{
    public const int EmailMax = 254;
    public const int FullNameMax = 64;
    public const int BioMax = 150;

    // Routes under /api/v1/users/ that are not usernames, and names that would impersonate the service.
    private static readonly HashSet<string> Reserved = ["me", "admin", "administrator", "root", "support", "help", "api",
        "fowergram", "official", "security", "settings", "system", "search"];

    /// <summary>E-mail addresses compare case-insensitively everywhere, so they are stored lower-cased.</summary>
    public static string NormalizeEmail(string? raw) => (raw ?? "").Trim().ToLowerInvariant();

    /// <summary>Usernames are lower-case only (Instagram's rule); input in any case is accepted and lowered.</summary>
    public static string NormalizeUsername(string? raw) => (raw ?? "").Trim().ToLowerInvariant();

    public static string? EmailError(string email)
    {
        if (email.Length == 0) return "This field is required.";
        if (email.Length > EmailMax) return $"Must be at most {EmailMax} characters.";
        var at = email.LastIndexOf('@');
        if (at < 1 || at > 64 || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ||
            !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0 ||
            !DomainPattern().IsMatch(email[(at + 1)..]))
            return "Must be an e-mail address like name@example.com.";
        return null;
    }

    public static string? UsernameError(string username)
    {
        if (username.Length == 0) return "This field is required.";
        if (username.Length > 30) return "Must be at most 30 characters.";
        if (!UsernamePattern().IsMatch(username)) return "Use only letters, digits, periods and underscores.";
        if (username.StartsWith('.') || username.EndsWith('.')) return "Cannot start or end with a period.";
        if (username.Contains("..", StringComparison.Ordinal)) return "Cannot contain two periods in a row.";
        if (Reserved.Contains(username)) return "This username is reserved.";
        return null;
    }

    /// <summary>
    /// A name is one line (TextRules.IsOneLine); both limits count characters as the table does (TextRules.Characters). Empty
    /// clears a name or a bio; invisible characters alone are refused (TextRules.IsInvisibleOnly), not stored as a name that
    /// shows nothing.
    /// </summary>
    public static string? FullNameError(string fullName) =>
        TextRules.IsInvisibleOnly(fullName) ? TextRules.InvisibleOnly
        : TextRules.Characters(fullName) > FullNameMax ? $"Must be at most {FullNameMax} characters."
        : !TextRules.IsOneLine(fullName) ? "Must be one line without control characters." : null;

    public static string? BioError(string bio) =>
        TextRules.IsInvisibleOnly(bio) ? TextRules.InvisibleOnly
        : TextRules.Characters(bio) > BioMax ? $"Must be at most {BioMax} characters."
        : bio.Any(c => char.IsControl(c) && c != '\n') ? "Cannot contain control characters other than line breaks." : null;

    public static string? PhoneError(string phone) =>
        PhonePattern().IsMatch(phone) ? null : "Must be an international number in E.164 form, like +14155550123.";

    /// <summary>Could name an existing account (lookups only; new names must also pass <see cref="UsernameError"/>).</summary>
    public static bool IsUsernameShaped(string username) => UsernamePattern().IsMatch(username);

    /// <summary>Adds <paramref name="error"/> for <paramref name="field"/> when there is one.</summary>
    public static Validation Check(this Validation validation, string field, string? error) =>
        error is null ? validation : validation.Add(field, error);

    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
}
