using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
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
public sealed class RepostsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public static readonly UserSetting Switch = new("allow_reposts", "allowed");

    /// <summary>PUT /posts/{id}/repost: 204 (also when already reposted).</summary>
    public async Task<IResult> Repost(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { viewer = caller.UserId, postId, now = Timestamps.Now(time) };
        if (await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct) is null) return Problems.NotFound("post");
        var target = await conn.QuerySingleAsync<RepostTarget>(new CommandDefinition(RepostsSql.Target, args, tx, cancellationToken: ct));
        if (Refusal(target, caller.UserId) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(RepostsSql.Insert, args, tx, cancellationToken: ct)) is null)
            return Api.NoContent(); // reposted already: nothing changes, nobody is told again
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Reposted, caller.UserId, PostUserEvent.Of(postId, target.AuthorId, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// DELETE /posts/{id}/repost: 204, whether or not there was a repost; the caller's own repost is undone even of a post they
    /// may no longer see (their tab is theirs). 404 only when there was none and the post is not one the caller may see.
    /// </summary>
    public async Task<IResult> Undo(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var authorId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(RepostsSql.Delete, new { viewer = caller.UserId, postId }, tx,
            cancellationToken: ct));
        if (authorId is null)
            return await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct) is null ? Problems.NotFound("post") : Api.NoContent();
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Unreposted, caller.UserId, PostUserEvent.Of(postId, authorId.Value, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /posts/{id}/reposts: who reposted a post the caller may see, newest first (accounts blocked either way left out).</summary>
    public async Task<IResult> Reposters(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindAsync(conn, null, viewer, postId, ct) is null) return Problems.NotFound("post");
        var rows = await KeysetQuery.PageAsync<ReposterRow>(conn, RepostsSql.Reposters, page, new { postId, viewer },
            r => new Cursor(r.RepostedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)));
    }

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
