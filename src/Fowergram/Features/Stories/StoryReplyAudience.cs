using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>What a viewer sends in answer to a story; neither is taken on the author's own story.</summary>
public enum StoryAnswer { Reply, Reaction }

/// <summary>
/// "Allow replies and reactions" (docs/stories.md "Who may reply", migration 0150): everyone, the people the story's author
/// follows, or nobody. Checked by replies (StoryRepliesApi) and reactions (StoryStickersApi.React), only for a story the
/// caller may see: one they may not see stays a 404, so the switch reveals nothing. Story reads show the same predicates
/// as <c>canReply</c> and <c>canReact</c> (<see cref="StoryReadSql.Select"/>), so a flag and the write never disagree.
/// </summary>
public static class StoryReplyAudience
{
    public const string Everyone = "everyone";
    public static readonly string[] Choices = [Everyone, "following", "off"];

    /// <summary>
    /// The caller's own switch, for GET and PUT /users/me/story-replies. A change takes the author's switch lock exclusively
    /// (<see cref="RefusalAsync"/> holds it shared), so an answer checked against the old value commits before the change does.
    /// </summary>
    public static readonly UserSetting Setting = new("allow_story_replies", "from",
        "SELECT pg_advisory_xact_lock(hashtext('story_replies'), hashtext(@viewer::text))");

    /// <summary>
    /// The story's author's switch lock, shared: answers to one author run side by side, and a change of the switch waits for
    /// those already checked (and they for it). A transaction-level advisory lock rather than the author's users row, so
    /// profile edits and other settings never queue behind a popular author's replies.
    /// </summary>
    private const string HoldSwitch = """
        SELECT count(pg_advisory_xact_lock_shared(hashtext('story_replies'), hashtext(s.user_id::text))) FROM stories s WHERE s.id = @storyId
        """;

    /// <summary>
    /// In "following" mode, the follow that admitted the viewer, held (key share) until the answer commits: an unfollow
    /// committing between the check and the write let the answer land after it (the follow is the author's, so the switch
    /// lock above does not cover it). No row: the unfollow committed after the check read it, and the answer is refused.
    /// </summary>
    private const string HoldFollow = """
        SELECT count(*) FROM (SELECT 1 FROM follows f JOIN stories s ON s.user_id = f.follower_id
                               WHERE s.id = @storyId AND f.following_id = @viewer FOR KEY SHARE OF f) held
        """;

    // Consts, not static fields: StoryReadSql.Select reads them, and a static field read while the other class is still
    // initialising could be null.
    /// <summary>The switch of <c>u</c> (the author of story <c>s</c>) admits <c>@viewer</c>: one probe of follows_pkey at most.</summary>
    private const string Admits = """
        (u.allow_story_replies = 'everyone'
         OR (u.allow_story_replies = 'following'
             AND EXISTS (SELECT 1 FROM follows sra_f WHERE sra_f.follower_id = s.user_id AND sra_f.following_id = @viewer)))
        """;

    /// <summary>
    /// Story <c>s</c> (author <c>u</c>), one <c>@viewer</c> may see, takes their reply at <c>@now</c>: live, not their own
    /// (a reply to oneself is a 400, docs/messages.md "Replies"), and admitted by the switch.
    /// </summary>
    internal const string TakesReply = $"({StoryReadSql.Live} AND s.user_id <> @viewer AND {Admits})";

    /// <summary>
    /// As <see cref="TakesReply"/> for a reaction: never the author's own either (a 400, StoryRules.OwnAnswer; before 2026-12-07 an
    /// author could react to their own live story, which Instagram, showing its author the activity instead, does not offer).
    /// </summary>
    internal const string TakesReaction = $"({StoryReadSql.Live} AND s.user_id <> @viewer AND {Admits})";

    private static string Relation(StoryAnswer answer) => $"""
        SELECT u.username, u.allow_story_replies AS audience, s.user_id = @viewer AS own,
               {(answer == StoryAnswer.Reply ? TakesReply : TakesReaction)} AS allowed
          FROM stories s JOIN users u ON u.id = s.user_id
         WHERE s.id = @storyId AND {StoryReadSql.LiveAndVisible}
        """;

    private static readonly string ReplyRelation = Relation(StoryAnswer.Reply);
    private static readonly string ReactionRelation = Relation(StoryAnswer.Reaction);

    /// <summary>
    /// Null when <paramref name="viewer"/> may send <paramref name="answer"/> to the story (or it is not one they see: the
    /// caller's own 404 follows); else the refusal: a 400 for an answer to one's own story, a 403 saying why otherwise.
    /// With <paramref name="tx"/> the author's switch is held (shared) until it ends, so the answer written in it cannot land
    /// after a switch to "off" answered; before, the check and the write were separate statements and a reply racing the
    /// switch got through (StoryReplyRaceTests). Without one it is only a pre-check that the write's transaction repeats.
    /// </summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid storyId, Guid viewer, DateTimeOffset now,
        StoryAnswer answer, CancellationToken ct)
    {
        // The check is a statement of its own after the lock, so it reads a switch changed while the lock was awaited.
        if (tx is not null) await conn.ExecuteAsync(new CommandDefinition(HoldSwitch, new { storyId }, tx, cancellationToken: ct));
        var sql = answer == StoryAnswer.Reply ? ReplyRelation : ReactionRelation;
        var row = await conn.QuerySingleOrDefaultAsync<RelationRow>(new CommandDefinition(sql, new { storyId, viewer, now }, tx, cancellationToken: ct));
        if (row is null) return null;
        if (row.Allowed && (tx is null || row.Own || row.Audience != "following"
                            || await conn.ExecuteScalarAsync<long>(new CommandDefinition(HoldFollow, new { storyId, viewer }, tx, cancellationToken: ct)) > 0))
            return null;
        if (row.Own) return answer == StoryAnswer.Reply ? Problems.Validation("id", "You cannot reply to your own story.") : StoryRules.OwnAnswer("react to");
        return row.Audience == "off"
            ? Problems.Forbidden($"{row.Username} turned off replies and reactions to their stories.")
            : Problems.Forbidden($"{row.Username} only allows replies and reactions from people they follow.");
    }

    private sealed class RelationRow
    {
        public string Username { get; init; } = "";
        public string Audience { get; init; } = Everyone;
        public bool Own { get; init; }
        public bool Allowed { get; init; }
    }
}
