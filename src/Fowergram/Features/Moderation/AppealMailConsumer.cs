using Dapper;
using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>The event of a decided appeal: which appeal, whose (docs/moderation.md "Appeals").</summary>
public static class AppealEvents
{
    /// <summary>A moderator reversed or upheld an appeal of a suspension. No actor: a decision is nobody's own activity.</summary>
    public const string Decided = "account.appeal_decided";
}

public sealed record AppealDecidedPayload(Guid AppealId, Guid UserId);

/// <summary>
/// Tells the appellant by e-mail how their appeal was decided, since a suspended account has no session to be notified
/// in. The mail goes whether the account is active again (reversed) or not (upheld), but not to a deleted one; it says
/// the outcome, never the moderators' notes. At-least-once, as every mail: a crash after sending sends it again.
/// </summary>
public sealed class AppealMailConsumer(IEmailSender sender, ILogger<AppealMailConsumer> logger) : IEventConsumer
{
    public const string ConsumerName = "appeal-mail";

    private const string Appeal = """
        SELECT u.email, u.username, a.status FROM suspension_appeals a JOIN users u ON u.id = a.user_id
         WHERE a.id = @appealId AND u.deleted_at IS NULL AND a.status IN ('reversed', 'upheld')
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == AppealEvents.Decided;

    // A mail cannot be rolled back: another event's failure must not make this one be sent twice.
    public bool SharesTransactions => false;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var appealId = envelope.PayloadAs<AppealDecidedPayload>().AppealId;
        var appeal = await connection.QuerySingleOrDefaultAsync<(string Email, string Username, string Status)?>(new CommandDefinition(Appeal,
            new { appealId }, transaction, cancellationToken: ct));
        if (appeal is not { } found)
        {
            logger.LogInformation("No mail for event {EventId}: appeal {AppealId} or its account is gone", envelope.Id, appealId);
            return;
        }
        await sender.SendAsync(AppealMails.Decided(found.Email, found.Username, found.Status == "reversed"), ct);
    }
}

/// <summary>The words of the appeal decision mail.</summary>
internal static class AppealMails
{
    public const string Subject = "Your Fowergram appeal was reviewed";

    public static EmailMessage Decided(string to, string username, bool reversed) => new(to, Subject, reversed
        ? $"""
          Hi {username},

          We reviewed your appeal and lifted the suspension of your account. You can log in again as usual.
          Sessions that were open when the account was suspended stay signed out.
          """
        : $"""
          Hi {username},

          We reviewed your appeal and the suspension of your account stays in place.
          """);
}
