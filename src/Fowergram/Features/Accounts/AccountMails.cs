using Fowergram.Platform.Email;

namespace Fowergram.Features.Accounts;

/// <summary>The text of the accounts area's mails. The token is in the link and, for API clients, on its own line.</summary>
internal static class AccountMails
{
    public const string VerificationSubject = "Confirm your e-mail address for Fowergram";
    public const string ResetSubject = "Reset your Fowergram password";

    public static EmailMessage Verification(string to, string username, string link, string token, TimeSpan lifetime) => new(to,
        VerificationSubject,
        $"""
        Hi {username},

        Please confirm that this is your e-mail address by opening this link:

        {link}

        Or enter this code in the app: {token}

        The link works once and expires in {Describe(lifetime)}. If you did not create a Fowergram account, ignore this mail.
        """);

    public static EmailMessage Reset(string to, string username, string link, string token, TimeSpan lifetime) => new(to,
        ResetSubject,
        $"""
        Hi {username},

        Someone asked to reset the password of your Fowergram account. To choose a new password, open this link:

        {link}

        Or enter this code in the app: {token}

        The link works once and expires in {Describe(lifetime)}. Resetting signs you out everywhere.
        If you did not ask for this, ignore this mail: your password stays as it is.
        """);

    public const string PasswordChangedSubject = "Your Fowergram password was changed";

    public static EmailMessage PasswordChanged(string to, string username, string resetLink) => new(to,
        PasswordChangedSubject,
        $"""
        Hi {username},

        The password of your Fowergram account was just changed, and every device was signed out.

        If this was you, there is nothing to do. If it was not, reset your password now: {resetLink}
        """);

    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalHours >= 1 && lifetime.TotalHours % 1 == 0 ? $"{lifetime.TotalHours:0} hour(s)" : $"{Math.Ceiling(lifetime.TotalMinutes):0} minute(s)";
}
