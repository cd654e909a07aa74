using Microsoft.Extensions.Options;

namespace Fowergram.Features.Messages;

/// <summary>
/// When a message sent in vanish mode has vanished (docs/messages.md "Vanish mode"): its recipient read it and "left the
/// chat". One predicate for both sides of the rule: <see cref="MessageVanishJob"/> deletes what it matches, and every read of
/// a message (pages, one, search, previews, quotes, reply and reaction targets, the read mark, the export) leaves out what it
/// matches, so a vanished message is gone from every screen at once, not at the job's next run.
/// </summary>
public sealed class VanishingRule(IOptions<MessagesOptions> options, TimeProvider time)
{
    /// <summary>The value of <c>@stillSince</c> at <paramref name="now"/>: a read mark not moved since then means "left".</summary>
    public DateTimeOffset StillSince(DateTimeOffset now) => now - options.Value.VanishAfterRead;

    /// <summary>The value of <c>@stillSince</c> now.</summary>
    public DateTimeOffset StillSince() => StillSince(time.GetUtcNow());

    /// <summary>
    /// SQL, true when message <paramref name="m"/> has vanished, given <c>@stillSince</c>. The recipient is the one participant
    /// of the one-to-one who did not send it (vanish mode is never on in a group: conversations_vanish_mode_one_to_one); a
    /// recipient whose copy is a request holds it until they accept (a request's reading is never revealed to its sender); the
    /// recipient read it (their mark is at or past it) and left: vanish mode was turned off (or off and on again) since it
    /// was sent, or their read mark has not moved since <c>@stillSince</c>. <c>m.vanishes</c> comes first: a message not sent
    /// in vanish mode costs no lookup.
    /// </summary>
    public static string Gone(string m) => $"""
        ({m}.vanishes AND EXISTS (
            SELECT 1 FROM conversation_participants vr JOIN conversations vc ON vc.id = vr.conversation_id
             WHERE vr.conversation_id = {m}.conversation_id AND vr.user_id <> {m}.sender_id AND vr.status = 'accepted'
               AND (vr.read_through_at, vr.read_through_id) >= ({m}.created_at, {m}.id)
               AND (vc.vanish_mode_since IS NULL OR vc.vanish_mode_since > {m}.created_at OR vr.read_at <= @stillSince)))
        """;

    /// <summary>SQL, true while message <paramref name="m"/> can still be read.</summary>
    public static string Stays(string m) => $"NOT {Gone(m)}";
}
