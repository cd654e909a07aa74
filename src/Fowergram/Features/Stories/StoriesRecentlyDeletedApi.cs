using Fowergram.Features.Highlights;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A story in its owner's "Recently deleted": restorable until <c>RestorableUntil</c>, and the highlights it left, which a
/// restore puts it back into — except a <c>full</c> one, which it would be skipped by (StoryHighlightPlaces).
/// </summary>
public sealed record DeletedStory(StoryResponse Story, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil,
    IReadOnlyList<LeftHighlight> Highlights);

/// <summary>A highlight a deleted story left, in the owner's highlight order; <c>full</c>: no room for it now.</summary>
public sealed record LeftHighlight(Guid Id, string Title, bool Full);

/// <summary>
/// "Recently deleted" stories (docs/stories.md): the stories the caller deleted within Stories:RestoreWindow, which they may
/// bring back as they were — live again if their 24 hours have not run out (in the tray, with their views, reactions and
/// stickers' answers), else in the archive; back into the highlights they left when deleted (StoryHighlightPlaces) — or
/// delete for good. Nobody else sees the list, and anyone else's story is a 404 on every route. A story's media are
/// story-expiry's, kept until it cannot come back.
/// </summary>
public sealed class StoriesRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, StoryMedia media, TimeProvider time)
    : RecentlyDeletedApi<StoryResponse, DeletedStory>(db, tokens, time)
{
    private static readonly string OwnDeleted = $"{StoryReadSql.Select} WHERE s.id = ANY(@ids) AND s.user_id = @viewer AND s.deleted_at IS NOT NULL";

    protected override string Table => "stories";
    protected override string Noun => "story";

    // story-expiry marks media_deleted_at as it clears restorable_until, under the row lock this waits on.
    protected override string RestoreSql => """
        UPDATE stories SET deleted_at = NULL, restorable_until = NULL
        WHERE id = @id AND user_id = @callerId AND restorable_until > @now AND media_deleted_at IS NULL
        RETURNING id
        """;

    // Its media go at story-expiry's next run, as for any final deletion; its places in highlights are forgotten now.
    protected override string FinaliseSql => """
        WITH final AS (
            UPDATE stories SET restorable_until = NULL WHERE id = @id AND user_id = @callerId AND restorable_until > @now RETURNING id
        ), forgotten AS (
            DELETE FROM deleted_highlight_stories d USING final f WHERE d.story_id = f.id
        )
        SELECT id FROM final
        """;

    protected override async Task<IReadOnlyList<DeletedStory>> ListItemsAsync(NpgsqlConnection conn, Guid ownerId,
        IReadOnlyList<RecentlyDeleted.Entry> entries, CancellationToken ct)
    {
        var ids = entries.Select(e => e.Id).ToArray();
        var rows = await conn.QueryAsync<StoryRow>(new CommandDefinition(OwnDeleted, new { ids, viewer = ownerId, now = Time.GetUtcNow() },
            cancellationToken: ct));
        var left = (await conn.QueryAsync<LeftHighlightRow>(new CommandDefinition(StoryHighlightPlaces.Left,
                new { ids, ownerId, max = HighlightsSql.MaxStories }, cancellationToken: ct)))
            .ToLookup(r => r.StoryId, r => new LeftHighlight(r.Id, r.Title, r.Full));
        return Pair(entries, await media.ViewAllAsync(conn, rows, ownerId, ct), v => v.Id,
            (v, e) => new DeletedStory(v, e.DeletedAt, e.RestorableUntil, left[v.Id].ToList()));
    }

    private sealed class LeftHighlightRow
    {
        public Guid StoryId { get; init; }
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public bool Full { get; init; }
    }

    protected override async Task<StoryResponse?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<StoryRow>(new CommandDefinition(StoryReadSql.ById, new { id, viewer = ownerId, now = Time.GetUtcNow() },
            tx, cancellationToken: ct)) is { } row
            ? await media.ViewAsync(conn, row, ownerId, ct)
            : null;

    // The restoring transaction's hook: the story also rejoins the highlights it left, with the event, or neither.
    protected override async Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct)
    {
        await StoryHighlightPlaces.RejoinAsync(conn, tx, id, ownerId, ct);
        await Outbox.EnqueueAsync(conn, tx, Time, StoryEvents.Restored, ownerId, new StoryRestoredEvent(id, ownerId, StoryEvents.EntityType, id), ct);
    }
}
