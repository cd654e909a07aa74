using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Reposts (docs/posts.md "Reposts", migration 0183): PUT and DELETE /posts/{id}/repost (idempotent both ways), a post's
/// reposters and the caller's "allow reposts" switch (an account's Reposts tab is PostListsApi's). A new repost raises post.reposted: the
/// feed fans the post out to the reposter's followers and the author is told; undoing it raises post.unreposted, which
/// takes both back.
/// </summary>
public sealed class RepostsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    public static readonly UserSetting Switch = new("allow_reposts", "allowed");

    private readonly Reposting _reposting = new(db, tokens, allowances, time);

    /// <summary>The posts' kind of repost: a post the caller may see, refused as <see cref="Refusal"/> says.</summary>
    private static readonly RepostKind Kind = new("post", "postId",
        async (conn, tx, viewer, id, ct) => await PostAccess.FindAsync(conn, tx, viewer, id, ct) is not null,
        async (conn, viewer, id, ct) => await PostAccess.FindForReaderAsync(conn, viewer, id, ct) is not null,
        async (conn, tx, args, callerId, ct) =>
        {
            // The caller's invitation to co-author the post, if any, held: an acceptance committing meanwhile (it takes the
            // caller's repost away) either waits for this repost and removes it, or goes first and the check below refuses.
            await conn.ExecuteAsync(new CommandDefinition(RepostsSql.LockInvitation, args, tx, cancellationToken: ct));
            // Gone since the visibility check (deleted or purged meanwhile): a 404, as before it.
            var target = await conn.QuerySingleOrDefaultAsync<RepostTarget>(new CommandDefinition(RepostsSql.Target, args, tx, cancellationToken: ct));
            return target is null ? (Guid.Empty, Problems.NotFound("post")) : (target.AuthorId, Refusal(target, callerId));
        },
        RepostsSql.Insert, RepostsSql.Delete, RepostsSql.Reposters, PostEvents.Reposted, PostEvents.Unreposted,
        (postId, authorId, reposter) => PostUserEvent.Of(postId, authorId, reposter));

    /// <summary>PUT /posts/{id}/repost: 204 (also when already reposted).</summary>
    public Task<IResult> Repost(HttpRequest request, string id, CancellationToken ct) => _reposting.RepostAsync(Kind, request, id, ct);

    /// <summary>DELETE /posts/{id}/repost: 204, whether or not there was a repost (<see cref="Reposting.UndoAsync"/>).</summary>
    public Task<IResult> Undo(HttpRequest request, string id, CancellationToken ct) => _reposting.UndoAsync(Kind, request, id, ct);

    /// <summary>GET /posts/{id}/reposts: who reposted a post the caller may see, newest first.</summary>
    public Task<IResult> Reposters(HttpRequest request, string id, CancellationToken ct) => _reposting.RepostersAsync(Kind, request, id, ct);

    /// <summary>GET /users/me/repost-permission.</summary>
    public async Task<IResult> GetSwitch(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<RepostPermissionView>(db, Switch, caller.UserId, ct);
    }

    /// <summary>
    /// PUT /users/me/repost-permission <c>{allowed}</c>: off, nobody may repost the caller's posts, and the reposts made before
    /// are hidden everywhere (tabs, lists, counts, feeds) until it is on again.
    /// </summary>
    public async Task<IResult> PutSwitch(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<RepostPermissionRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Allowed is not { } allowed) return Problems.Validation("allowed", "This field is required: true or false.");
        return await OwnSettings.PutAsync<RepostPermissionView, bool>(db, Switch, allowed, caller.UserId, Timestamps.Now(time), ct);
    }

    /// <summary>Why the caller may not repost this post (null: they may).</summary>
    private static IResult? Refusal(RepostTarget target, Guid callerId) => target switch
    {
        _ when target.AuthorId == callerId => Problems.Conflict("You cannot repost your own post."),
        { IsCollaborator: true } => Problems.Conflict("You co-authored this post: it is on your profile and reaches your followers already."),
        { IsPrivate: true } => Problems.Conflict("Posts of private accounts cannot be reposted."),
        { AllowReposts: false } => Problems.Forbidden($"{target.AuthorUsername} does not allow reposts of their posts."),
        _ => null,
    };
}

/// <summary>Whether other accounts may repost the caller's posts.</summary>
public sealed record RepostPermissionView(bool Allowed);

/// <summary>PUT /users/me/repost-permission.</summary>
public sealed record RepostPermissionRequest(bool? Allowed);
