using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

/// <summary>Collab posts (post_collaborators, migration 0176): invitations, their answers and the lists (docs/posts.md "Collab posts").</summary>
internal static class PostCollaboratorsSql
{
    /// <summary>The caller's own live post, row-locked: invitations and removals of one post take turns, so the limit holds.</summary>
    public const string LockOwnPost = """
        SELECT id FROM posts WHERE id = @postId AND user_id = @authorId AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>
    /// The account named @username as the author may invite it: live, no block either way (else nothing: 404), with whether
    /// its allow_tags setting lets the author involve it (collaborating names the account on the post, as a tag does) and
    /// whether it may see the post (an invitation it could not open is refused).
    /// </summary>
    public static readonly string Invitee = $"""
        SELECT u.id, {People.Allows(Involvement.Tag, "@authorId", "u")} AS allows,
               can_view_content(u.id, @authorId) AS can_see
          FROM users u
         WHERE lower(u.username) = lower(@username) AND u.deleted_at IS NULL AND u.is_active
           AND NOT {Fowergram.Platform.Visibility.Visibility.BlockedBetween("@authorId", "u.id")}
        """;

    /// <summary>How many accounts are invited to or collaborate on the post, and whether @userId is one of them.</summary>
    public const string Count = """
        SELECT count(*) AS total, coalesce(bool_or(user_id = @userId), false) AS already FROM post_collaborators WHERE post_id = @postId
        """;

    /// <summary>The invitation and its notice ("ann invited you to collaborate on their post."; entity: the post).</summary>
    public const string Invite = """
        WITH invited AS (
            INSERT INTO post_collaborators (post_id, user_id, invited_at) VALUES (@postId, @userId, @now)
            ON CONFLICT (post_id, user_id) DO NOTHING
            RETURNING user_id)
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT gen_random_uuid(), user_id, @authorId, 'collab_invite', 'post', @postId, 'invited you to collaborate on their post.', @now
          FROM invited
        """;

    /// <summary>
    /// The author's list: accepted collaborators for everyone who may see the post, pending invitations too for the author
    /// (@isAuthor); live accounts whose profile the viewer may see; accepted first (by acceptance), then pending (by invitation).
    /// </summary>
    public static readonly string List = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, pc.invited_at, pc.accepted_at
          FROM post_collaborators pc JOIN users u ON u.id = pc.user_id
         WHERE pc.post_id = @postId AND (pc.accepted_at IS NOT NULL OR @isAuthor)
           AND u.deleted_at IS NULL AND u.is_active AND NOT {Fowergram.Platform.Visibility.Visibility.BlockedBetween("@viewer", "u.id")}
         ORDER BY pc.accepted_at IS NULL, coalesce(pc.accepted_at, pc.invited_at), u.id
        """;

    /// <summary>
    /// Ends a collaboration or an invitation of the account named @username (whatever its state and visibility, so that a
    /// blocked or deactivated one can still be removed); answers its id and whether it had accepted. Its invitation notice
    /// goes with it.
    /// </summary>
    public const string Remove = """
        WITH gone AS (
            DELETE FROM post_collaborators pc USING users u
             WHERE pc.post_id = @postId AND pc.user_id = u.id AND lower(u.username) = lower(@username)
            RETURNING pc.user_id, pc.accepted_at IS NOT NULL AS accepted),
        notice AS (
            DELETE FROM notifications n USING gone
             WHERE n.user_id = gone.user_id AND n.type = 'collab_invite' AND n.entity_id = @postId)
        SELECT user_id, accepted FROM gone
        """;

    /// <summary>The caller leaves (or declines: @pendingOnly): answers whether it had accepted; nothing when there was no row.</summary>
    public const string RemoveOwn = """
        WITH gone AS (
            DELETE FROM post_collaborators WHERE post_id = @postId AND user_id = @userId AND (NOT @pendingOnly OR accepted_at IS NULL)
            RETURNING accepted_at IS NOT NULL AS accepted),
        notice AS (
            DELETE FROM notifications n WHERE n.user_id = @userId AND n.type = 'collab_invite' AND n.entity_id = @postId
               AND EXISTS (SELECT 1 FROM gone))
        SELECT accepted FROM gone
        """;

    /// <summary>Accepts an open invitation and tells the author ("bo accepted your invitation to collaborate."); answers the author.</summary>
    public const string Accept = """
        WITH accepted AS (
            UPDATE post_collaborators pc SET accepted_at = @now
              FROM posts p
             WHERE pc.post_id = @postId AND pc.user_id = @userId AND pc.accepted_at IS NULL AND p.id = pc.post_id
            RETURNING p.user_id AS author_id),
        noticed AS (
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
            SELECT gen_random_uuid(), author_id, @userId, 'collab_accepted', 'post', @postId, 'accepted your invitation to collaborate.', @now
              FROM accepted)
        SELECT author_id FROM accepted
        """;

    /// <summary>The caller's open invitations to posts they may see, newest first (keyset; post_collaborators_pending).</summary>
    public static readonly string Invitations = $"""
        SELECT p.id, pc.invited_at AS created_at
          FROM post_collaborators pc JOIN posts p ON p.id = pc.post_id
         WHERE pc.user_id = @viewer AND pc.accepted_at IS NULL AND {PostAccess.VisibleTo}
           AND {KeysetSql.Older("pc.invited_at", "pc.post_id")}
         ORDER BY pc.invited_at DESC, pc.post_id DESC
         LIMIT @take
        """;
}

internal sealed class CollaboratorRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public DateTimeOffset InvitedAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }

    public CollaboratorView ToView(bool isAuthor) => new(new UserSummary(Id, Username, FullName, Avatar, IsVerified),
        AcceptedAt is null ? "pending" : "accepted", isAuthor ? InvitedAt : null, AcceptedAt);
}

internal sealed class InvitationRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
