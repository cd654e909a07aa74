using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Strength rules for new passwords (registration and reset). Length matters most (NIST SP 800-63B);
/// the class rule and the small deny-list stop the guesses every credential-stuffing list starts with.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    // Whole passwords that meet the length and class rules yet top every breach list.
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "1qaz2wsx3edc", "qwerty12345", "qwertyuiop1", "qwerty123456",
        "asdfghjkl1", "zxcvbnm123", "abc1234567", "abcd123456", "a123456789", "1234567890a", "123456789a",
        "123456789q", "aa12345678", "1234qwer!@#$", "qwer1234!@#$", "p@ssw0rd123", "passw0rd123", "pa55w0rd123",
        "trustno1234", "iloveyou123", "sunshine123", "princess123", "football123", "baseball123", "superman123",
        "batman12345", "starwars123", "monkey12345", "dragon12345", "michael1234", "charlie1234", "123abc456def",
    };

    // Words that stay guessable whatever digits or symbols are stuck before or after them.
    private static readonly HashSet<string> CommonStems = new(StringComparer.Ordinal)
    {
        "password", "passwort", "passw", "pass", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "letmein",
        "welcome", "iloveyou", "admin", "administrator", "login", "abc", "abcdef", "abcdefg", "monkey", "dragon",
        "master", "shadow", "sunshine", "princess", "football", "baseball", "soccer", "superman", "batman", "starwars",
        "fowergram", "instagram", "changeme", "secret", "qazwsx", "trustno", "whatever", "freedom", "hello",
    };

    /// <summary>An error message, or null when <paramref name="password"/> may be used by this account.</summary>
    public static string? Check(string? password, string username, string email)
    {
        if (string.IsNullOrEmpty(password)) return "This field is required.";
        // Characters, not UTF-16 units: four emoji and two letters are six characters, too short whatever string.Length says.
        var length = TextRules.Characters(password);
        if (length < MinLength) return $"Must be at least {MinLength} characters.";
        if (length > MaxLength) return $"Must be at most {MaxLength} characters.";
        if (Classes(password) < 2) return "Mix at least two of: lower-case letters, upper-case letters, digits, symbols.";
        var lowered = password.ToLowerInvariant();
        var localPart = email.Split('@')[0];
        if (Contains(lowered, username) || Contains(lowered, localPart)) return "Must not contain your username or e-mail address.";
        if (Common.Contains(lowered) || CommonStems.Contains(lowered.Trim(NonLetters(lowered)))) return "This password is too common; choose another.";
        return null;
    }

    private static bool Contains(string password, string name) =>
        name.Length > 0 && (password == name || (name.Length >= 3 && password.Contains(name, StringComparison.Ordinal)));

    private static int Classes(string password) =>
        (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) +
        (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);

    private static char[] NonLetters(string text) => text.Where(c => !char.IsLetter(c)).Distinct().ToArray();
}
