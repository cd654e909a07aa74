using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// DELETE /posts/{id}/media/{mediaId}: the author takes one photo or video out of a carousel (docs/posts.md "Removing an
/// item from a carousel"). The post keeps at least one; the rest close up in their order. The item goes into the author's
/// "Recently deleted" for Posts:RestoreWindow (<see cref="DeletedCarouselItemsApi"/>), or for good when that is zero.
/// </summary>
public sealed class PostMediaApi(NpgsqlDataSource db, AccessTokens tokens, PostReader reader, IOptions<PostsOptions> options, TimeProvider time)
{
    /// <summary>The item, its place and its upload, if it is one of the post's.</summary>
    private const string Find = """
        SELECT id, display_order, upload_id FROM post_media WHERE id = @mediaId AND post_id = @postId
        """;

    private const string Count = "SELECT count(*) FROM post_media WHERE post_id = @postId";

    /// <summary>
    /// The item's people tags, locked before <see cref="DeletedCarouselItemsSql.Keep"/> copies them: a take-off of one of them
    /// (PostTagsApi) already under way commits first, and the copy, a statement of its own, leaves it out; one coming after
    /// waits for the removal and then finds the copy to strip. Unlocked, the take-off deleted the tag after it was copied and
    /// looked for the copy before it was committed, so a restore tagged the account again.
    /// </summary>
    internal const string LockTags = "SELECT 1 FROM media_user_tags WHERE media_id = @mediaId FOR UPDATE";

    /// <summary>
    /// The accounts tagged on this item and on no other item of the post: their "tagged you" notices go with the tags, as
    /// when they take their own tag off (PostTagsApi).
    /// </summary>
    private const string TaggedOnlyHere = """
        SELECT t.user_id FROM media_user_tags t
         WHERE t.media_id = @mediaId
           AND NOT EXISTS (SELECT 1 FROM media_user_tags o JOIN post_media pm ON pm.id = o.media_id
                            WHERE pm.post_id = @postId AND pm.id <> @mediaId AND o.user_id = t.user_id)
        """;

    private const string DeleteNotices = """
        DELETE FROM notifications WHERE user_id = ANY(@userIds) AND type = 'tag' AND entity_id = @postId
        """;

    /// <summary>
    /// The row goes (its people tags with it, by cascade), and its upload is released: as of the end of its "Recently
    /// deleted" window (@releaseAt), or now when it cannot come back. media-cleanup deletes the object a grace
    /// (Media:CleanupGrace) after that, as it does a replaced profile photo's (docs/media.md); a restore takes it back.
    /// </summary>
    internal const string Remove = """
        DELETE FROM post_media WHERE id = @mediaId;
        UPDATE uploads SET released_at = @releaseAt WHERE id = @uploadId AND released_at IS NULL;
        UPDATE posts SET updated_at = @now WHERE id = @postId;
        """;

    /// <summary>
    /// One item moves up into the gap. One row at a time, in order: post_media_post_order_key is checked row by row, so
    /// a single UPDATE of all of them could meet the neighbour it is moving onto.
    /// </summary>
    private const string MoveUp = """
        UPDATE post_media SET display_order = display_order - 1 WHERE post_id = @postId AND display_order = @order
        """;

    private const string HighestOrder = "SELECT coalesce(max(display_order), -1) FROM post_media WHERE post_id = @postId";

    public async Task<IResult> Delete(HttpRequest request, string id, string mediaId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        if (!Guid.TryParse(mediaId, out var itemId)) return Problems.NotFound("media item");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts (docs/accounts.md "Sessions"): a gone author takes nothing out, of any post. The row stays
        // key-share locked so a purge waits for the "Recently deleted" row that names them.
        if (!await People.LockLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The post's lock makes two removals take turns, so two at once cannot both leave "one more" and empty it.
        var post = await conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(PostsSql.LockOwn,
            new { postId, callerId = caller.UserId }, tx, cancellationToken: ct));
        if (post is null) return Problems.NotFound("post");
        var item = await conn.QuerySingleOrDefaultAsync<MediaItem>(new CommandDefinition(Find, new { postId, mediaId = itemId }, tx,
            cancellationToken: ct));
        if (item is null) return Problems.NotFound("media item");
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(Count, new { postId }, tx, cancellationToken: ct)) <= 1)
            return Problems.Conflict("A post keeps at least one photo or video; delete the post instead.");

        var now = Timestamps.Now(time);
        await conn.ExecuteAsync(new CommandDefinition(LockTags, new { mediaId = itemId }, tx, cancellationToken: ct));
        var untagged = (await conn.QueryAsync<Guid>(new CommandDefinition(TaggedOnlyHere, new { postId, mediaId = itemId }, tx,
            cancellationToken: ct))).ToArray();
        var restorableUntil = options.Value.RestorableUntil(now);
        if (restorableUntil is not null)
            await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.Keep,
                new { mediaId = itemId, callerId = caller.UserId, now, restorableUntil }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(Remove,
            new { postId, mediaId = itemId, uploadId = item.UploadId, now, releaseAt = restorableUntil ?? now }, tx, cancellationToken: ct));
        if (untagged.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(DeleteNotices, new { postId, userIds = untagged }, tx, cancellationToken: ct));
        var highest = await conn.ExecuteScalarAsync<int>(new CommandDefinition(HighestOrder, new { postId }, tx, cancellationToken: ct));
        for (var order = item.DisplayOrder + 1; order <= highest; order++)
            await conn.ExecuteAsync(new CommandDefinition(MoveUp, new { postId, order }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Updated, caller.UserId, PostEvent.Of(postId, caller.UserId, post.CreatedAt), ct);
        // Read under the post's lock, before the commit: a deletion right after it cannot turn the answer into a 404.
        if (await reader.ReadAsync(conn, tx, caller.UserId, postId, ct) is not { } view) return Problems.NotFound("post");
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    private sealed class MediaItem
    {
        public Guid Id { get; init; }
        public int DisplayOrder { get; init; }
        public Guid? UploadId { get; init; }
    }
}
