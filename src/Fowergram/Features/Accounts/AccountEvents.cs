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
}

public sealed record AccountEventPayload(Guid UserId);
