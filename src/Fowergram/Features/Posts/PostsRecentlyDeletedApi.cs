using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>A post in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedPost(PostCard Post, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" posts (docs/posts.md): the posts the caller deleted within Posts:RestoreWindow, which they may bring back
/// as they were — at their place in grids and feeds (their creation time), with their likes, comments, tags and saves,
/// unpinned; post.restored counts and fans them out again — or delete for good. Nobody else sees the list, and anyone
/// else's post is a 404 on every route. A post's objects are post-media-cleanup's, not released uploads.
/// </summary>
public sealed class PostsRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, PostReader reader, TimeProvider time)
    : RecentlyDeletedApi<PostView, DeletedPost>(db, tokens, time)
{
    protected override string Table => "posts";
    protected override string Noun => "post";

    // Unpinned: the grid may have three other pins by now (PinsApi's limit).
    protected override string RestoreSql => """
        UPDATE posts SET deleted_at = NULL, restorable_until = NULL, pinned_at = NULL, updated_at = @now
        WHERE id = @id AND user_id = @callerId AND restorable_until > @now
        RETURNING id
        """;

    // The objects stay until post-media-cleanup's grace after the deletion has passed, as for any final deletion.
    protected override string FinaliseSql => """
        UPDATE posts SET restorable_until = NULL, updated_at = @now
        WHERE id = @id AND user_id = @callerId AND restorable_until > @now
        RETURNING id
        """;

    // The author sees their own deleted posts: the cards are built only for the ids the owner-scoped list returned.
    protected override async Task<IReadOnlyList<DeletedPost>> ListItemsAsync(NpgsqlConnection conn, Guid ownerId,
        IReadOnlyList<RecentlyDeleted.Entry> entries, CancellationToken ct) =>
        Pair(entries, await cards.LoadAsync(conn, ownerId, entries.Select(e => e.Id).ToList(), ct), c => c.Id,
            (c, e) => new DeletedPost(c, e.DeletedAt, e.RestorableUntil));

    protected override Task<PostView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid id, CancellationToken ct) =>
        reader.ReadAsync(conn, tx, ownerId, id, ct);

    protected override async Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct)
    {
        var createdAt = await conn.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition("SELECT created_at FROM posts WHERE id = @id", new { id }, tx,
            cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, Time, PostEvents.Restored, ownerId, PostEvent.Of(id, ownerId, createdAt), ct);
    }
}
