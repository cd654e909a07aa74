using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// The invited account's side of collab posts (docs/posts.md "Collab posts"): its open invitations, accepting one (the post
/// then shows on its grid and reaches its followers' feeds; the author is told) and declining one.
/// </summary>
public sealed class CollabInvitationsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, PostReader reader, TimeProvider time)
{
    private const string LockPost = "SELECT 1 FROM posts WHERE id = @postId FOR SHARE";

    /// <summary>GET /users/me/collab-invitations: open invitations to posts the caller may see, newest first, each with the post's card.</summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await KeysetQuery.PageAsync<InvitationRow>(conn, PostCollaboratorsSql.Invitations, page, new { viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        var loaded = (await cards.LoadAsync(conn, caller.UserId, rows.Items.Select(r => r.Id).ToList(), ct)).ToDictionary(c => c.Id);
        return Api.Ok(new Page<CollabInvitation>(
            rows.Items.Where(r => loaded.ContainsKey(r.Id)).Select(r => new CollabInvitation(loaded[r.Id], r.CreatedAt)).ToList(), rows.NextCursor));
    }

    /// <summary>
    /// POST /users/me/collab-invitations/{postId}/accept: 200 with the post, now naming the caller among its collaborators;
    /// 404 for a post the caller may not see or without an open invitation.
    /// </summary>
    public async Task<IResult> Accept(HttpRequest request, string postId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(postId, out var id)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a gone account would join the post's credits and the author be told.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The post's share lock first: a deletion or archiving under way commits before the check below, which then sees it,
        // and none can start until the answer is written. Checked without it, a post deleted in between was still accepted
        // (the author told so) behind a 404.
        await conn.ExecuteAsync(new CommandDefinition(LockPost, new { postId = id }, tx, cancellationToken: ct));
        if (await PostAccess.FindAsync(conn, tx, caller.UserId, id, ct) is null) return Problems.NotFound("post");
        var authorId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(PostCollaboratorsSql.Accept,
            new { postId = id, userId = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (authorId is null) return NoInvitation();
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.CollaboratorAdded, caller.UserId, CollaboratorEvent.Of(id, authorId.Value, caller.UserId), ct);
        // The answer is read before the commit, in a statement of its own: a block or privacy switch committed since the check
        // hides the post, and the acceptance is rolled back with its 404 (read after the commit, the 404 came with it kept).
        if (await reader.ReadAsync(conn, tx, caller.UserId, id, ct) is not { } view) return Problems.NotFound("post");
        // A co-author may not repost the post (RepostsApi): one made before the invitation goes, as its DELETE would take it,
        // or the post stood twice on the caller's profile (grid and Reposts tab) and reached its followers twice.
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(RepostsSql.Delete, new { viewer = caller.UserId, postId = id }, tx,
                cancellationToken: ct)) is not null)
        {
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Unreposted, caller.UserId, PostUserEvent.Of(id, authorId.Value, caller.UserId), ct);
            // The answer was read with the repost (read first, so a block racing the acceptance is seen): shown without it.
            view = view with { IsReposted = false, RepostCount = view.IsReposted ? Math.Max(0, view.RepostCount - 1) : view.RepostCount };
        }
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>DELETE /users/me/collab-invitations/{postId}: declines (204), whether or not the caller can still see the post; 404 without an open invitation.</summary>
    public async Task<IResult> Decline(HttpRequest request, string postId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(postId, out var id)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var declined = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(PostCollaboratorsSql.RemoveOwn,
            new { postId = id, userId = caller.UserId, pendingOnly = true }, tx, cancellationToken: ct));
        if (declined is null) return NoInvitation();
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static IResult NoInvitation() =>
        Problems.Problem(StatusCodes.Status404NotFound, "Not found.", "You have no open invitation to collaborate on this post.");
}
