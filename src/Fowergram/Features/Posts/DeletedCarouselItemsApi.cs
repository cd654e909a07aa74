using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A carousel item in its author's "Recently deleted": which post it came out of (<c>post</c>, while that post is not itself
/// deleted), the item, the place it had (0-based) and until when it may be restored.
/// </summary>
public sealed record DeletedCarouselItem(Guid PostId, PostCard? Post, MediaPreview Item, int Position, DateTimeOffset DeletedAt,
    DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" carousel items (docs/posts.md "Removing an item from a carousel"): the photos and videos the caller took
/// out of their posts within Posts:RestoreWindow, which they may put back — at their old place, with their alt text and the
/// people tags that may still stand — or delete for good. Nobody else sees the list, and anyone else's item is a 404 on
/// every route.
/// </summary>
public sealed class DeletedCarouselItemsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, PostReader reader, MediaUploads uploads,
    TimeProvider time)
{
    private const string Noun = "carousel item";

    /// <summary>GET /users/me/carousel-items/deleted: most recently deleted first (keyset).</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var entries = await RecentlyDeleted.PageAsync(conn, DeletedCarouselItemsSql.Table, caller.UserId, page, time.GetUtcNow(), ct);
        var rows = (await conn.QueryAsync<ItemRow>(new CommandDefinition(DeletedCarouselItemsSql.Items,
            new { ids = entries.Items.Select(e => e.Id).ToArray(), callerId = caller.UserId }, cancellationToken: ct))).ToDictionary(r => r.Id);
        var livePosts = rows.Values.Where(r => r.PostLive).Select(r => r.PostId).Distinct().ToList();
        var postCards = (await cards.LoadAsync(conn, caller.UserId, livePosts, ct)).ToDictionary(c => c.Id);
        var items = new List<DeletedCarouselItem>(entries.Items.Count);
        foreach (var entry in entries.Items)
        {
            if (!rows.TryGetValue(entry.Id, out var row) || row.ContentType is null) continue;
            var url = await uploads.CreateReadUrlAsync(row.BlobName, row.ContentType, ct);
            items.Add(new DeletedCarouselItem(row.PostId, postCards.GetValueOrDefault(row.PostId),
                new MediaPreview(row.Id, row.MediaType, url.Url.AbsoluteUri, url.ExpiresAt, row.AltText, row.Width, row.Height),
                row.DisplayOrder, entry.DeletedAt, entry.RestorableUntil));
        }
        return Api.Ok(new Page<DeletedCarouselItem>(items, entries.NextCursor));
    }

    /// <summary>
    /// POST /posts/{id}/media/{mediaId}/restore: back at its old place (last, when the post has fewer items by now), the
    /// others moving down one. The post must be live (409 while it is itself deleted); a retry finds it back and answers
    /// the same 200.
    /// </summary>
    public async Task<IResult> Restore(HttpRequest request, string id, string mediaId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(mediaId, out var itemId)) return RecentlyDeleted.NotInList(Noun);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        var args = new { postId, mediaId = itemId, callerId = caller.UserId, now };
        // The post's lock first, as a removal takes it: the two take turns over the post's places.
        var post = await conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(PostsSql.LockOwn, args, tx, cancellationToken: ct));
        var item = await conn.QuerySingleOrDefaultAsync<LockedItem>(new CommandDefinition(DeletedCarouselItemsSql.LockRestorable, args, tx,
            cancellationToken: ct));
        if (item is null)
            return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(DeletedCarouselItemsSql.IsOwnLive, args, tx, cancellationToken: ct))
                ? await AnswerAsync(conn, tx, caller.UserId, postId, ct)
                : RecentlyDeleted.NotInList(Noun);
        if (post is null || !item.PostLive)
            return Problems.Conflict("The post this item came from is deleted: restore the post first.");
        var count = await conn.ExecuteScalarAsync<int>(new CommandDefinition(DeletedCarouselItemsSql.Count, args, tx, cancellationToken: ct));
        if (count >= PostRules.MaxMedia)
            return Problems.Conflict($"The post has {PostRules.MaxMedia} photos or videos already.");

        var position = Math.Min(item.DisplayOrder, count);
        for (var order = count - 1; order >= position; order--)
            await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.MoveDown, new { postId, order }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.Restore,
            new { postId, mediaId = itemId, callerId = caller.UserId, now, position, uploadId = item.UploadId }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Updated, caller.UserId, PostEvent.Of(postId, caller.UserId, post.CreatedAt), ct);
        // Read before the commit: a deletion of the post committing right after it left a read after the commit nothing,
        // a 404 for an item that was back (docs/posts.md "Answers of writes").
        if (await reader.ReadAsync(conn, tx, caller.UserId, postId, ct) is not { } view) return Problems.NotFound("post");
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>DELETE /users/me/carousel-items/deleted/{mediaId}: out of the list and beyond restoring at once.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string mediaId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(mediaId, out var itemId)) return RecentlyDeleted.NotInList(Noun);
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await LiveCaller.RunAsync(conn, DeletedCarouselItemsSql.DeleteForGood,
            new { mediaId = itemId, callerId = caller.UserId, now = Timestamps.Now(time) }, ct);
        return !deleted.Live ? Problems.AccountGone() : deleted.Written > 0 ? Api.NoContent() : RecentlyDeleted.NotInList(Noun);
    }

    private async Task<IResult> AnswerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId, Guid postId, CancellationToken ct) =>
        await reader.ReadAsync(conn, tx, callerId, postId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("post");

    private sealed class ItemRow
    {
        public Guid Id { get; init; }
        public Guid PostId { get; init; }
        public string MediaType { get; init; } = "";
        public string BlobName { get; init; } = "";
        public string? ContentType { get; init; }
        public string? AltText { get; init; }
        public int? Width { get; init; }
        public int? Height { get; init; }
        public int DisplayOrder { get; init; }
        public bool PostLive { get; init; }
    }

    private sealed class LockedItem
    {
        public Guid Id { get; init; }
        public Guid? UploadId { get; init; }
        public int DisplayOrder { get; init; }
        public bool PostLive { get; init; }
    }
}
