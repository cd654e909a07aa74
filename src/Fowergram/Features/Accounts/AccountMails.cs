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

    public const string NewDeviceLoginSubject = "New login to your Fowergram account";

    public static EmailMessage NewDeviceLogin(string to, string username, string? device, DateTimeOffset at, string resetLink) => new(to,
        NewDeviceLoginSubject,
        $"""
        Hi {username},

        Your Fowergram account was signed in on a device that had no session:

        {device ?? "a device that did not give its name"}, at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC.

        If this was you, there is nothing to do. If it was not, reset your password now, which signs out every device:
        {resetLink}
        """);

    public const string PasswordChangedSubject = "Your Fowergram password was changed";

    public static EmailMessage PasswordChanged(string to, string username, string resetLink) => new(to,
        PasswordChangedSubject,
        $"""
        Hi {username},

        The password of your Fowergram account was just changed, and every device was signed out.

        If this was you, there is nothing to do. If it was not, reset your password now: {resetLink}
        """);

    public const string TwoFactorOnSubject = "Two-factor sign-in was turned on for your Fowergram account";
    public const string TwoFactorOffSubject = "Two-factor sign-in was turned off for your Fowergram account";
    public const string RecoveryCodesSubject = "New recovery codes were made for your Fowergram account";
    public const string TwoFactorRevertedSubject = "Two-factor sign-in was removed from your Fowergram account";

    /// <summary>
    /// The notice of a two-factor change (<see cref="TwoFactorChange"/>): what happened, when, and what to do if it was not
    /// the owner. Turned on, it carries the link that removes the factor (TwoFactorRevertApi) until <paramref name="revertBy"/>
    /// (none when the factor is off again or the window is over by the time the mail goes).
    /// </summary>
    public static EmailMessage TwoFactorChanged(string to, string username, string change, DateTimeOffset at, string resetLink,
        string? revertLink = null, DateTimeOffset? revertBy = null, string? twoFactorPage = null)
    {
        var (subject, what, otherwise) = change switch
        {
            // Turned on by someone else, the code comes from their app: a new password alone does not let the owner back in.
            TwoFactorChange.On when revertLink is not null => (TwoFactorOnSubject,
                "Two-factor sign-in was turned on for your Fowergram account: signing in now also takes a code from an authenticator app.",
                $"""
                someone knows your password and holds the app that makes the codes. Secure your account with this link, which
                removes two-factor sign-in, lets you choose a new password, signs every device out and removes the account's
                passkeys:

                {revertLink}

                The link works once, until {revertBy:yyyy-MM-dd HH:mm} UTC.
                """),
            TwoFactorChange.On => (TwoFactorOnSubject,
                "Two-factor sign-in was turned on for your Fowergram account: signing in now also takes a code from an authenticator app.",
                $"someone knows your password: reset it now, which signs out every device ({resetLink}). Signing in will still ask for a code from the app that turned it on, so contact support to have it removed."),
            TwoFactorChange.Off => (TwoFactorOffSubject,
                "Two-factor sign-in was turned off for your Fowergram account: signing in takes the password alone again.",
                $"reset your password now, which signs out every device, and turn two-factor sign-in back on: {resetLink}"),
            TwoFactorChange.Reverted => (TwoFactorRevertedSubject,
                $"""
                Two-factor sign-in was removed from your Fowergram account with the link from our mail, the password you chose
                replaced the old one, and every device was signed out. Sign in with the new password and turn two-factor
                sign-in back on with your own app ({twoFactorPage}).
                """,
                $"someone reads this mailbox: secure it first, then reset your password, which signs out every device: {resetLink}"),
            _ => (RecoveryCodesSubject,
                "Ten new recovery codes were made for your Fowergram account; the earlier ones no longer work.",
                $"reset your password now, which signs out every device, and make new recovery codes yourself: {resetLink}"),
        };
        return new(to, subject,
            $"""
            Hi {username},

            {what} This was on {at.UtcDateTime:yyyy-MM-dd 'at' HH:mm} UTC.

            If this was you, there is nothing to do. If it was not, {otherwise}
            """);
    }

    public const string PasskeyAddedSubject = "A passkey was added to your Fowergram account";

    public static EmailMessage PasskeyAdded(string to, string username, string name, DateTimeOffset at, string resetLink) => new(to,
        PasskeyAddedSubject,
        $"""
        Hi {username},

        A passkey named "{name}" was added to your Fowergram account on {at.UtcDateTime:yyyy-MM-dd 'at' HH:mm} UTC. It signs in
        without your password.

        If this was you, there is nothing to do. If it was not, reset your password now, which signs out every device, and
        remove the passkey under Passkeys in your account's security settings: {resetLink}
        """);

    public const string ChangeSubject = "Confirm your new e-mail address for Fowergram";

    public static EmailMessage ConfirmChange(string to, string username, string link, string token, TimeSpan lifetime) => new(to,
        ChangeSubject,
        $"""
        Hi {username},

        You asked to use this address for your Fowergram account. To confirm it, open this link:

        {link}

        Or enter this code in the app: {token}

        The link works once and expires in {Describe(lifetime)}. Until then your account keeps its current address.
        If you did not ask for this, ignore this mail.
        """);

    public const string EmailChangedSubject = "Your Fowergram e-mail address was changed";

    /// <summary>
    /// To the old address: the new one, partly hidden, since whoever reads the old mailbox may not be the owner any more;
    /// and the link that undoes the change (EmailRevertApi) until <paramref name="revertBy"/>, or, for a mail sent after
    /// that, only the way to reset the password.
    /// </summary>
    public static EmailMessage EmailChanged(string to, string username, string newEmail, string resetLink, string? revertLink,
        DateTimeOffset revertBy) => new(to,
        EmailChangedSubject,
        revertLink is null
            ? $"""
              Hi {username},

              The e-mail address of your Fowergram account was changed to {Mask(newEmail)}. This address will no longer receive
              mail about the account.

              If this was you, there is nothing to do. If it was not, someone who knows your password has your account: reset the
              password from the new address if you can ({resetLink}), or contact support from this address.
              """
            : $"""
              Hi {username},

              The e-mail address of your Fowergram account was changed to {Mask(newEmail)}. This address will no longer receive
              mail about the account.

              If this was you, there is nothing to do. If it was not, someone who knows your password has your account. Secure it
              with this link, which puts this address back, lets you choose a new password, signs every device out and turns
              two-factor sign-in off:

              {revertLink}

              The link works once, until {revertBy:yyyy-MM-dd HH:mm} UTC. Until then nobody else can use this address.
              """);

    public const string EmailChangeRevertedSubject = "Your Fowergram account is secured";

    /// <summary>To the restored address, after its link undid a change: what happened, and what to do next.</summary>
    public static EmailMessage EmailChangeReverted(string to, string username, string twoFactorPage) => new(to,
        EmailChangeRevertedSubject,
        $"""
        Hi {username},

        Your Fowergram account uses this e-mail address again and has the new password you chose. Every device that was
        signed in has been signed out, and two-factor sign-in is off. Sign in with this address and the new password, check
        your profile, and turn two-factor sign-in back on ({twoFactorPage}).
        """);

    /// <summary>"ada@example.com" as "a**@example.com".</summary>
    internal static string Mask(string email)
    {
        var at = email.IndexOf('@');
        return at <= 0 ? email : email[0] + new string('*', Math.Max(at - 1, 2)) + email[at..];
    }

    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalHours >= 1 && lifetime.TotalHours % 1 == 0 ? $"{lifetime.TotalHours:0} hour(s)" : $"{Math.Ceiling(lifetime.TotalMinutes):0} minute(s)";
}
