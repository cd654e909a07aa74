using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>What a tagged account may do about a post it is tagged in, whoever wrote it.</summary>
public sealed class PostTagsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>Every tag of the caller on the post's media, whatever the post's visibility.</summary>
    private const string DeleteTags = """
        DELETE FROM media_user_tags t USING post_media pm
         WHERE pm.id = t.media_id AND pm.post_id = @postId AND t.user_id = @callerId
        """;

    /// <summary>
    /// The caller's "tagged you" notice of the post. A statement of its own, after <see cref="DeleteTags"/>: that one
    /// waits for a post-notifications transaction holding the tag (FOR KEY SHARE) to commit, and this one's fresh
    /// snapshot then sees the notice it wrote. A user.tagged delivered later finds no tag and notifies no one.
    /// </summary>
    private const string DeleteNotice = """
        DELETE FROM notifications WHERE user_id = @callerId AND type = 'tag' AND entity_id = @postId
        """;

    /// <summary>
    /// DELETE /posts/{id}/tags/me: removes the caller from the post's people tags. Anyone may take their own name
    /// off a post, even one they cannot see (an author who went private, or whom they blocked), so the answer is 204
    /// whether or not there was a tag or a post: it tells nothing about the post.
    /// </summary>
    public async Task<IResult> RemoveMe(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var args = new { postId, callerId = caller.UserId, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // Off the post's items in "Recently deleted" too, so that restoring one does not tag the caller again; before and
        // after the post's own tags, each a statement of its own. Before: a restore in flight holds its item's row, so this
        // waits for it, and the delete of the tags then sees those it put back. After: a removal in flight holds the
        // item's tags (PostMediaApi.LockTags), so the delete waits for it, and this then sees the copy it listed.
        await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.ForgetTag, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DeleteTags, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DeleteNotice, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.ForgetTag, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
