namespace Fowergram.Features.Accounts;

/// <summary>
/// Outbox event types of the accounts area. Payloads carry ids only: the clear one-time tokens are
/// minted by <see cref="EmailDeliveryConsumer"/>, so they never sit in the outbox or on a bus.
/// </summary>
public static class AccountEvents
{
    /// <summary>Raised on registration and on POST /auth/email/verification.</summary>
    public const string EmailVerificationRequested = "account.email_verification_requested";

    /// <summary>Raised on POST /auth/password/forgot for an existing, active account.</summary>
    public const string PasswordResetRequested = "account.password_reset_requested";

    /// <summary>Raised when a reset link or PUT /users/me/password changed the password: the owner is told by mail.</summary>
    public const string PasswordChanged = "account.password_changed";

    /// <summary>Raised by PUT /users/me/email: the new address is sent a confirmation link (payload: the change's id).</summary>
    public const string EmailChangeRequested = "account.email_change_requested";

    /// <summary>Raised when a change's link was used and the address changed: the old address is told.</summary>
    public const string EmailChanged = "account.email_changed";

    /// <summary>Raised when the old address's link undid a change (POST /auth/email/revert): the restored address is told what was done.</summary>
    public const string EmailChangeReverted = "account.email_change_reverted";

    /// <summary>
    /// Raised by a login from a device with no live session of the account's (by the device name its client sends): the
    /// owner is told by mail, so a sign-in they did not make does not go unnoticed.
    /// </summary>
    public const string NewDeviceLogin = "account.new_device_login";

    /// <summary>
    /// Raised when a passkey is added (POST /users/me/passkeys): the owner is told by mail, since a passkey signs in without
    /// the password, so one added by someone else (a stolen session and password) does not go unnoticed.
    /// </summary>
    public const string PasskeyAdded = "account.passkey_added";

    /// <summary>
    /// Raised when two-factor sign-in is turned on or off, its recovery codes are renewed or it is undone by the link of the
    /// "on" mail (TwoFactorRevertApi): the owner is told by mail, since someone else turning it on (with their own app) locks
    /// the owner out — the "on" mail carries the link that undoes it — and turning it off or new codes open a way in.
    /// </summary>
    public const string TwoFactorChanged = "account.two_factor_changed";

    /// <summary>Raised by PATCH /users/me when isPrivate actually changes; the social graph approves pending requests on a switch to public.</summary>
    public const string PrivacyChanged = "account.privacy_changed";
}

public sealed record AccountEventPayload(Guid UserId);

/// <summary>The device as its client named itself (null: it sent no name) and when the login was.</summary>
public sealed record NewDeviceLoginPayload(Guid UserId, string? Device, DateTimeOffset At);

/// <summary>The passkey's name as its owner gave it (not a secret) and when it was added.</summary>
public sealed record PasskeyAddedPayload(Guid UserId, string Name, DateTimeOffset At);

/// <summary>What changed (<see cref="TwoFactorChange"/>) and when.</summary>
public sealed record TwoFactorChangedPayload(Guid UserId, string Change, DateTimeOffset At);

/// <summary>The changes of <see cref="AccountEvents.TwoFactorChanged"/>.</summary>
public static class TwoFactorChange
{
    public const string On = "on";
    public const string Off = "off";
    public const string RecoveryCodes = "recovery_codes";
    /// <summary>Removed with the link of the "on" mail (TwoFactorRevertApi), with a new password and every session ended.</summary>
    public const string Reverted = "reverted";
}

/// <summary>An e-mail change (email_changes.id): addresses stay in the table, never in the outbox.</summary>
public sealed record EmailChangePayload(Guid UserId, Guid ChangeId);

public sealed record PrivacyChangedPayload(Guid UserId, bool IsPrivate)
{
    public string EntityType => "user";
    public Guid EntityId => UserId;
}
