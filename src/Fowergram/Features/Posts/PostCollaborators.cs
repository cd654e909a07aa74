using Dapper;
using Fowergram.Platform.Content;
using Npgsql;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Posts;

/// <summary>Why an invitation was refused: the status the invite route answers with, and the words.</summary>
internal sealed record CollabRefusal(int Status, string Detail);

/// <summary>
/// Inviting an account to co-author a post (docs/posts.md "Collab posts"), for POST /posts/{id}/collaborators and for the
/// <c>collaborators</c> of POST /posts. The caller holds the post's row lock (or has just written the post) in
/// <paramref name="tx"/>, so the count of five is read after any invitation made concurrently.
/// </summary>
internal static class PostCollaborators
{
    /// <summary>Invites @username, with its notice; null when it worked, else the refusal (roll back).</summary>
    public static async Task<CollabRefusal?> InviteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid authorId, Guid postId, string username,
        DateTimeOffset now, CancellationToken ct)
    {
        var (inviteeId, refusal) = await InviteeAsync(conn, tx, authorId, username, ct);
        if (refusal is not null) return refusal;
        var count = await conn.QuerySingleAsync<(long Total, bool Already)>(new CommandDefinition(PostCollaboratorsSql.Count,
            new { postId, userId = inviteeId }, tx, cancellationToken: ct));
        if (count.Already) return new(StatusCodes.Status409Conflict, $"{username} is already invited to collaborate on this post.");
        if (count.Total >= Collaborators.MaxPerPost)
            return new(StatusCodes.Status409Conflict, $"A post has at most {Collaborators.MaxPerPost} collaborators, invitations included; remove one first.");
        await conn.ExecuteAsync(new CommandDefinition(PostCollaboratorsSql.Invite, new { postId, userId = inviteeId, authorId, now }, tx,
            cancellationToken: ct));
        return null;
    }

    /// <summary>
    /// Whether the author may invite @username to any post of theirs (the checks that do not depend on the post: a scheduled
    /// post asks them before it exists): the account's id, else the refusal.
    /// </summary>
    public static async Task<(Guid Id, CollabRefusal? Refusal)> InviteeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid authorId,
        string username, CancellationToken ct)
    {
        var invitee = await conn.QuerySingleOrDefaultAsync<Invitee>(new CommandDefinition(PostCollaboratorsSql.Invitee,
            new { authorId, username }, tx, cancellationToken: ct));
        // Unknown, deactivated, deleted and blocked either way look the same: nothing is revealed.
        if (invitee is null) return (default, new(StatusCodes.Status404NotFound, $"There is no account named {username} you can invite."));
        if (invitee.Id == authorId) return (default, new(StatusCodes.Status400BadRequest, "You cannot invite yourself: you are the post's author."));
        if (!invitee.Allows)
            return (default, new(StatusCodes.Status403Forbidden, $"{username} does not allow you to tag them, so cannot be invited to collaborate."));
        if (!invitee.CanSee) return (default, new(StatusCodes.Status409Conflict, $"{username} cannot see this post, so cannot collaborate on it."));
        return (invitee.Id, null);
    }

    private sealed class Invitee
    {
        public Guid Id { get; init; }
        public bool Allows { get; init; }
        public bool CanSee { get; init; }
    }
}
