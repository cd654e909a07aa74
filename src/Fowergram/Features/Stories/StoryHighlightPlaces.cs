using Dapper;
using Fowergram.Features.Highlights;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Where a deleted story was in its owner's highlights (<c>deleted_highlight_stories</c>, migration 0174; docs/stories.md
/// "Highlights"): kept by <see cref="StoriesSql.LeaveHighlights"/>, put back when the story is restored — its owner's restore from
/// "Recently deleted" and a reversed appeal alike — and forgotten when it can no longer come back.
/// </summary>
internal static class StoryHighlightPlaces
{
    // Each remembered place is taken; the story rejoins those highlights that have room (a full one is skipped, and its
    // place forgotten: the owner filled it meanwhile). A highlight the owner deleted took its places with it (the cascade).
    // Its place in the highlight's play order is its creation time, so the link, with its first added_at, is all it needs.
    private const string Rejoin = """
        WITH places AS (
            DELETE FROM deleted_highlight_stories d WHERE d.story_id = @storyId AND d.user_id = @ownerId
            RETURNING d.highlight_id, d.story_id, d.user_id, d.added_at, d.was_cover
        ), linked AS (
            INSERT INTO highlight_stories (highlight_id, story_id, user_id, added_at)
            SELECT p.highlight_id, p.story_id, p.user_id, p.added_at FROM places p
             WHERE (SELECT count(*) FROM highlight_stories hs WHERE hs.highlight_id = p.highlight_id) < @max
            ON CONFLICT (highlight_id, story_id) DO NOTHING
            RETURNING highlight_id
        )
        SELECT l.highlight_id FROM linked l JOIN places p USING (highlight_id) WHERE p.was_cover
        """;

    // Its own statement: the cover's foreign key needs the link the statement above made. A cover the owner chose
    // meanwhile stays theirs.
    private const string Recover = """
        UPDATE highlights SET cover_story_id = @storyId WHERE id = ANY(@ids) AND user_id = @ownerId AND cover_story_id IS NULL
        """;

    /// <summary>
    /// The highlights stories @ids left, for the owner's list (@ownerId), in the owner's highlight order: a restore puts each
    /// back into them, except one already holding @max stories (<c>full</c>), which <see cref="Rejoin"/> would skip.
    /// </summary>
    public const string Left = """
        SELECT d.story_id, h.id, h.title,
               (SELECT count(*) FROM highlight_stories hs WHERE hs.highlight_id = h.id) >= @max AS full
          FROM deleted_highlight_stories d JOIN highlights h ON h.id = d.highlight_id
         WHERE d.story_id = ANY(@ids) AND d.user_id = @ownerId
         ORDER BY h.display_order
        """;

    /// <summary>Forgets the places of stories @ids, which can no longer come back (as a CTE or a statement of its own).</summary>
    public const string Forget = "DELETE FROM deleted_highlight_stories WHERE story_id = ANY(@ids)";

    /// <summary>
    /// Puts a just-restored story back into the highlights it left, in the restoring transaction. Takes the owner's highlight
    /// lock, as every highlight write does, so a highlight's cap is not raced past. The restore holds the story's row lock
    /// already; a highlight write holding the owner's lock only share-locks undeleted stories, which this one is not in its
    /// snapshot, so it never waits for that row and the two orders cannot deadlock.
    /// </summary>
    public static async Task RejoinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid storyId, Guid ownerId, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, new { caller = ownerId }, tx, cancellationToken: ct));
        var covers = (await conn.QueryAsync<Guid>(new CommandDefinition(Rejoin,
            new { storyId, ownerId, max = HighlightsSql.MaxStories }, tx, cancellationToken: ct))).ToArray();
        if (covers.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(Recover, new { storyId, ownerId, ids = covers }, tx, cancellationToken: ct));
    }
}
