using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Live;

/// <summary>Guests of a broadcast (live_stream_guests, migration 0167): invited, joined, and how each ended.</summary>
internal static class LiveGuestsSql
{
    /// <summary>The most guests on the air with the broadcaster at once (Instagram's Live Rooms: four faces in all).</summary>
    public const int MaxJoined = 3;

    /// <summary>The most invitations a broadcast has open at once.</summary>
    public const int MaxInvited = 20;

    /// <summary>
    /// The account to invite, share-locked while live, before the broadcast's lock: a suspension or deletion updates that
    /// row first and then runs its departures (LiveGuestDeparture, which locks the broadcasts the account is in), so an
    /// invitation takes the same order and either goes first (the departure then expires it) or waits for the going to
    /// commit and finds the account gone (404). A key-share lock would not wait for the update.
    /// </summary>
    public const string LockInvitee = """
        SELECT 1 FROM users WHERE lower(username) = lower(@username) AND is_active AND deleted_at IS NULL FOR SHARE
        """;

    /// <summary>
    /// Invites @guest, or again after any ending; answers whether this made an invitation (false: already invited or on the
    /// air). With it, the notice to the invited account (entity: the broadcast).
    /// </summary>
    public const string Invite = """
        WITH invited AS (
            INSERT INTO live_stream_guests (stream_id, user_id, status, invited_at) VALUES (@streamId, @guest, 'invited', @now)
            ON CONFLICT (stream_id, user_id) DO UPDATE SET status = 'invited', invited_at = @now, joined_at = NULL, ended_at = NULL
             WHERE live_stream_guests.status NOT IN ('invited', 'joined')
            RETURNING user_id),
        noticed AS (
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
            SELECT gen_random_uuid(), user_id, @broadcaster, 'live_invite', 'live_stream', @streamId, 'invited you to go live with them.', @now
              FROM invited)
        SELECT count(*) > 0 FROM invited
        """;

    /// <summary>
    /// The open invitations a new one for @guest would join; none when @guest is invited or on the air already, since asking
    /// again changes nothing (a 204, at the cap too). Live accounts' only, as <see cref="List"/> shows: a gone account's
    /// invitations expire as it goes (LiveGuestDeparture), but one made while its suspension or deletion was committing is
    /// not there for that yet, and stayed open holding a place nobody could see or use until the broadcast ended.
    /// </summary>
    public const string OpenInvitations = """
        SELECT count(*) FROM live_stream_guests g JOIN users u ON u.id = g.user_id
         WHERE g.stream_id = @streamId AND g.status = 'invited' AND u.deleted_at IS NULL AND u.is_active
           AND NOT EXISTS (SELECT 1 FROM live_stream_guests again
                            WHERE again.stream_id = @streamId AND again.user_id = @guest AND again.status IN ('invited', 'joined'))
        """;

    public const string Joined = "SELECT count(*) FROM live_stream_guests WHERE stream_id = @streamId AND status = 'joined'";

    /// <summary>
    /// Takes off the air (left, key void) the broadcast's guests whose accounts were deleted or suspended since they joined:
    /// the list shows live accounts only, so such a guest held one of the <see cref="MaxJoined"/> places unseen until the end.
    /// Run under the broadcast's lock before a place is counted.
    /// </summary>
    public const string LeaveGone = """
        UPDATE live_stream_guests g SET status = 'left', ended_at = @now, stream_key_hash = NULL
          FROM users u
         WHERE g.stream_id = @streamId AND g.status = 'joined' AND u.id = g.user_id AND (u.deleted_at IS NOT NULL OR NOT u.is_active)
        """;

    /// <summary>Whether @guest is on the air in the broadcast: a host then, not a viewer (it cannot join).</summary>
    public const string IsOnAir = """
        SELECT EXISTS (SELECT 1 FROM live_stream_guests WHERE stream_id = @streamId AND user_id = @guest AND status = 'joined')
        """;

    /// <summary>
    /// One of the broadcast's own guests (or invitations) by name, whatever the broadcaster may see of the account now: a block
    /// either way leaves a guest on the air, and the broadcaster must still be able to take it off. Reveals nothing beyond the
    /// broadcaster's own guest list.
    /// </summary>
    public const string OwnGuest = """
        SELECT g.user_id FROM live_stream_guests g JOIN users u ON u.id = g.user_id
         WHERE g.stream_id = @streamId AND lower(u.username) = lower(@username)
        """;

    /// <summary>The broadcaster's withdrawal: an open invitation goes; a guest on the air is removed. Answers the status it had.</summary>
    public const string Withdraw = """
        WITH gone AS (
            DELETE FROM live_stream_guests WHERE stream_id = @streamId AND user_id = @guest AND status = 'invited' RETURNING status),
        removed AS (
            UPDATE live_stream_guests SET status = 'removed', ended_at = @now, stream_key_hash = NULL
             WHERE stream_id = @streamId AND user_id = @guest AND status = 'joined' RETURNING 'joined'::text AS status)
        SELECT status FROM gone UNION ALL SELECT status FROM removed
        """;

    /// <summary>The caller's row for the broadcast, locked: its status.</summary>
    public const string LockOwnRow = "SELECT status FROM live_stream_guests WHERE stream_id = @streamId AND user_id = @guest FOR UPDATE";

    public const string Accept = """
        UPDATE live_stream_guests SET status = 'joined', joined_at = @now, stream_key_hash = @keyHash
         WHERE stream_id = @streamId AND user_id = @guest AND status = 'invited'
        RETURNING (SELECT rtmp_url FROM live_streams WHERE id = @streamId)
        """;

    public const string Decline = """
        UPDATE live_stream_guests SET status = 'declined', ended_at = @now WHERE stream_id = @streamId AND user_id = @guest AND status = 'invited'
        """;

    public const string Leave = """
        UPDATE live_stream_guests SET status = 'left', ended_at = @now, stream_key_hash = NULL
         WHERE stream_id = @streamId AND user_id = @guest AND status = 'joined'
        """;

    /// <summary>
    /// Everything still open when a broadcast ends (its end, the auto-end, a takedown, its account's purge) or when the broadcaster
    /// removes the account from it (@guest; null for all): guests on the air leave, invitations expire.
    /// </summary>
    public const string Close = """
        UPDATE live_stream_guests
           SET status = CASE status WHEN 'joined' THEN 'left' ELSE 'expired' END, ended_at = @now, stream_key_hash = NULL
         WHERE stream_id = @streamId AND (@guest::uuid IS NULL OR user_id = @guest) AND status IN ('invited', 'joined')
        """;

    /// <summary>
    /// A broadcast's guests as @viewer may see them: those on the air for everyone who may see the broadcast, but not one on
    /// the other side of a block from the reader (blocks win, as in the likers list, the comments and the pinned comment); the
    /// broadcaster sees all its own, and open invitations too (it must reach them to take them off: <see cref="OwnGuest"/>).
    /// Live accounts only; first joined (or invited) first.
    /// </summary>
    public static readonly string List = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, g.status, g.invited_at, g.joined_at
          FROM live_stream_guests g JOIN users u ON u.id = g.user_id
         WHERE g.stream_id = @streamId AND u.deleted_at IS NULL AND u.is_active
           AND (g.status = 'joined' OR (g.status = 'invited' AND @isBroadcaster))
           AND (@isBroadcaster OR NOT {VisibilityPolicy.BlockedBetween("@viewer::uuid", "u.id")})
         ORDER BY g.status = 'joined' DESC, coalesce(g.joined_at, g.invited_at), g.user_id
        """;

    /// <summary>The caller's open invitations to broadcasts that are live and that they may still see, newest first (keyset).</summary>
    public static readonly string Invitations = $"""
        SELECT g.stream_id AS id, g.invited_at AS created_at
          FROM live_stream_guests g JOIN live_streams ls ON ls.id = g.stream_id
         WHERE g.user_id = @viewer AND g.status = 'invited' AND ls.status = 'live' AND {LiveSql.VisibleTo}
           AND {KeysetSql.Older("g.invited_at", "g.stream_id")}
         ORDER BY g.invited_at DESC, g.stream_id DESC
         LIMIT @take
        """;
}
