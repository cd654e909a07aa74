using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// The @mentions of a reel's caption or comment: each account the writer may involve (People.ResolveAsync: live, no block)
/// gets a user.mentioned event, which reel-notifications turns into a 'mention' notice. A caption's mentions are kept in
/// reel_mentions (migration 0244), as a post's are in post_mentions: the notice is written only while its row is there, and
/// an edit that takes a name out takes its notice back. Comments keep no rows (they are not edited).
/// </summary>
internal static class ReelMentions
{
    private const string Current = "SELECT user_id FROM reel_mentions WHERE reel_id = @reelId";

    private const string Set = """
        DELETE FROM reel_mentions WHERE reel_id = @reelId AND NOT (user_id = ANY(@userIds));
        INSERT INTO reel_mentions (reel_id, user_id, created_at)
        SELECT @reelId, u, @now FROM unnest(@userIds::uuid[]) AS u
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// Run after the rows' delete, which waits for a reel-notifications transaction holding them (its key-share lock), so it
    /// sees the notice that transaction wrote.
    /// </summary>
    private const string Withdraw = """
        DELETE FROM notifications
         WHERE user_id = ANY(@removed) AND actor_id = @authorId AND type = 'mention' AND entity_type = 'reel' AND entity_id = @reelId
        """;

    /// <summary>The mentions of a comment on a reel: raised once, when it is written.</summary>
    public static async Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid writerId, Guid reelId, Guid commentId,
        string text, CancellationToken ct)
    {
        var mentioned = await People.ResolveAsync(conn, tx, writerId, CaptionText.Parse(text).Mentions, Involvement.Mention, ct);
        foreach (var userId in mentioned.Values.Distinct().Where(id => id != writerId))
            await Outbox.EnqueueAsync(conn, tx, time, ReelMentionEvent.Type, writerId, ReelMentionEvent.Of(userId, reelId, commentId), ct);
    }

    /// <summary>
    /// Makes reel_mentions what <paramref name="caption"/> names, takes back the notices of the names it no longer has, and raises
    /// user.mentioned for the names new to it — or, with <paramref name="raiseAll"/> (a trial shared with the followers, who could
    /// not see it before), for every name it has; the consumer never writes the same notice twice.
    /// </summary>
    public static async Task WriteCaptionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid authorId, Guid reelId,
        string caption, bool raiseAll, CancellationToken ct)
    {
        var mentioned = await People.ResolveAsync(conn, tx, authorId, CaptionText.Parse(caption).Mentions, Involvement.Mention, ct);
        var before = (await conn.QueryAsync<Guid>(new CommandDefinition(Current, new { reelId }, tx, cancellationToken: ct))).ToHashSet();
        var userIds = mentioned.Values.Distinct().Where(id => id != authorId).ToArray();
        await conn.ExecuteAsync(new CommandDefinition(Set, new { reelId, userIds, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        var removed = before.Except(userIds).ToArray();
        if (removed.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(Withdraw, new { removed, authorId, reelId }, tx, cancellationToken: ct));
        foreach (var userId in userIds.Where(id => raiseAll || !before.Contains(id)))
            await Outbox.EnqueueAsync(conn, tx, time, ReelMentionEvent.Type, authorId, ReelMentionEvent.Of(userId, reelId, null), ct);
    }
}
