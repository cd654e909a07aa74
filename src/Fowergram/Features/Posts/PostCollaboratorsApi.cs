using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A post's collaborators, from its author's side (docs/posts.md "Collab posts", migration 0176): the author invites up to
/// <see cref="Collaborators.MaxPerPost"/> accounts and removes an invitation or a collaborator; a collaborator may leave;
/// anyone who may see the post lists its accepted collaborators.
/// </summary>
public sealed class PostCollaboratorsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const int BodyLimit = 4 * 1024;
    private const int UsernameMax = 30;

    /// <summary>POST /posts/{id}/collaborators {username}: 204 and a notice to the invited account; anyone else's post is a 404.</summary>
    public async Task<IResult> Invite(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var body = await JsonBody.ReadAsync<InviteCollaboratorRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var username = body.Value!.Username?.Trim().TrimStart('@');
        var errors = new Validation().Required("username", username).MaxLength("username", username, UsernameMax);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a gone author's invitation was refused as one the invitee "cannot see" (a 409 blaming them).
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(PostCollaboratorsSql.LockOwnPost, new { postId, authorId = caller.UserId }, tx,
                cancellationToken: ct)) is null)
            return Problems.NotFound("post");
        var refusal = await PostCollaborators.InviteAsync(conn, tx, caller.UserId, postId, username!, Timestamps.Now(time), ct);
        if (refusal is not null) return refusal.Status == StatusCodes.Status400BadRequest
            ? Problems.Validation("username", refusal.Detail)
            : Problems.Problem(refusal.Status, Title(refusal.Status), refusal.Detail);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /posts/{id}/collaborators: the accepted collaborators to anyone who may see the post; its author also sees the pending invitations.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var viewer = caller?.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, viewer, postId, ct) is not { } post) return await GoneCaller.NotFoundAsync(conn, viewer, "post", ct);
        var isAuthor = post.AuthorId == viewer;
        var rows = await conn.QueryAsync<CollaboratorRow>(new CommandDefinition(PostCollaboratorsSql.List, new { postId, viewer, isAuthor },
            cancellationToken: ct));
        return Api.Ok(new ItemsResponse<CollaboratorView>(rows.Select(r => r.ToView(isAuthor)).ToList()));
    }

    /// <summary>
    /// DELETE /posts/{id}/collaborators/{username}: the author withdraws an invitation or removes a collaborator (204, also
    /// when there was none); the named account itself (or <c>me</c>) leaves — whether or not it can still see the post,
    /// as taking one's tag off does — or declines (404 when it was neither invited nor a collaborator). Anyone else: 404.
    /// </summary>
    public async Task<IResult> Remove(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var self = username.Equals("me", StringComparison.OrdinalIgnoreCase) || await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = @userId AND lower(username) = lower(@username))",
            new { userId = caller.UserId, username }, tx, cancellationToken: ct));
        var authorId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(PostCollaboratorsSql.LockOwnPost,
            new { postId, authorId = caller.UserId }, tx, cancellationToken: ct));
        if (self && authorId is null)
        {
            var left = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(PostCollaboratorsSql.RemoveOwn,
                new { postId, userId = caller.UserId, pendingOnly = false }, tx, cancellationToken: ct));
            if (left is null) return Problems.Problem(StatusCodes.Status404NotFound, "Not found.", "You are not invited to or collaborating on this post.");
            if (left.Value) await RaiseRemovedAsync(conn, tx, postId, caller.UserId, caller.UserId, ct);
        }
        else
        {
            if (authorId is null) return Problems.NotFound("post");
            if (self) return Problems.Validation("username", "You are the post's author, not one of its collaborators.");
            var gone = await conn.QuerySingleOrDefaultAsync<(Guid UserId, bool Accepted)?>(new CommandDefinition(PostCollaboratorsSql.Remove,
                new { postId, username }, tx, cancellationToken: ct));
            if (gone is { Accepted: true } removed) await RaiseRemovedAsync(conn, tx, postId, removed.UserId, caller.UserId, ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task RaiseRemovedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid postId, Guid collaboratorId, Guid actorId, CancellationToken ct)
    {
        var authorId = await conn.ExecuteScalarAsync<Guid>(new CommandDefinition("SELECT user_id FROM posts WHERE id = @postId", new { postId }, tx,
            cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.CollaboratorRemoved, actorId, CollaboratorEvent.Of(postId, authorId, collaboratorId), ct);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status403Forbidden => "Forbidden.",
        StatusCodes.Status404NotFound => "Not found.",
        _ => "Conflict.",
    };
}
