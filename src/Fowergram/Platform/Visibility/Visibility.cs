using Dapper;
using Npgsql;

namespace Fowergram.Platform.Visibility;

/// <summary>
/// The single answer to "may this caller see that?", backed by the SQL functions of migration 0013
/// (<c>can_view_profile</c>, <c>can_view_content</c>, <c>can_view_story</c>, <c>is_blocked_between</c>). Single
/// items ask the functions here; queries over many rows put the same rules in their WHERE clause written
/// out (<see cref="ContentFilter"/>, <see cref="ProfileFilter"/>, <see cref="StoryFilter"/>,
/// <see cref="BlockedBetween"/>), which VisibilityMatrixTests hold equal to the functions. Whatever a caller
/// may not see is answered with 404, never 403: existence is not revealed.
/// </summary>
public sealed class Visibility(NpgsqlDataSource db)
{
    /// <summary>
    /// <c>can_view_content(@viewer, owner)</c> written out, for WHERE clauses (the query binds the caller as
    /// <c>@viewer</c>, null when anonymous): the owner themself, or a live owner whose account is public or
    /// followed by the viewer, with no block either way. PostgreSQL never inlines a SQL function with
    /// sub-queries, and calling it cost about 0.12 ms per row — a quarter of a like's database time
    /// (docs/performance.md "How the design was chosen"; docs/performance-history.md "What changed on 2026-11-22");
    /// written out, the planner sees index probes. VisibilityMatrixTests prove it answers exactly what
    /// <c>can_view_content</c> answers in every cell.
    /// </summary>
    /// <remarks>
    /// The owner's row is read by a scalar sub-query, not an EXISTS: these filters sit under OR, where PostgreSQL
    /// may plan an EXISTS as a hash of every row it could match — for <c>users</c>, the whole table (measured: the
    /// unread count of an account with 310,426 notices scanned all 105,001 users to count 100). A scalar
    /// sub-query is always one index probe per row. The follow and block look-ups are bound to the viewer, so
    /// even hashed they read only the viewer's rows.
    /// </remarks>
    /// <param name="viewer">The viewer's SQL expression; a consumer asking for a notice's recipient passes <c>@recipient</c>.</param>
    public static string ContentFilter(string ownerColumn, string viewer = "@viewer") => $"""
        ({ownerColumn} = {viewer}
         OR (coalesce((SELECT NOT vis_owner.is_private
                              OR EXISTS (SELECT 1 FROM follows vis_f WHERE vis_f.follower_id = {viewer} AND vis_f.following_id = {ownerColumn})
                         FROM users vis_owner
                        WHERE vis_owner.id = {ownerColumn} AND vis_owner.deleted_at IS NULL AND vis_owner.is_active), false)
             AND NOT {BlockedBetween(viewer, ownerColumn)}))
        """;

    /// <summary>
    /// <c>can_view_profile(viewer, owner)</c> written out, for the same reason as <see cref="ContentFilter"/>: the
    /// account is live and no block stands between it and the viewer (an anonymous viewer, null, blocks no one).
    /// In a list of 20 followers the function calls cost ~1 ms of a page; written out, 5–8× the pages per second.
    /// </summary>
    public static string ProfileFilter(string ownerColumn, string viewer = "@viewer") => $"""
        ((SELECT true FROM users vis_p WHERE vis_p.id = {ownerColumn} AND vis_p.deleted_at IS NULL AND vis_p.is_active) IS NOT NULL
         AND NOT {BlockedBetween(viewer, ownerColumn)})
        """;

    /// <summary>
    /// The ids (column <c>id</c>) of the accounts the viewer follows whose posts it is shown in its "following" tabs: live
    /// accounts, no block either way, posts not muted (<c>mute_posts</c>; a stories-only mute hides nothing). A follow is
    /// an approved one, so a private account is in it for its followers only: every row passes <see cref="ContentFilter"/>.
    /// </summary>
    public static string FollowedAuthors(string viewer = "@viewer") => $"""
        SELECT vis_u.id FROM follows vis_fa JOIN users vis_u ON vis_u.id = vis_fa.following_id
        WHERE vis_fa.follower_id = {viewer} AND vis_u.deleted_at IS NULL AND vis_u.is_active
          AND NOT {BlockedBetween(viewer, "vis_u.id")}
          AND NOT EXISTS (SELECT 1 FROM mutes vis_m WHERE vis_m.muter_id = {viewer} AND vis_m.muted_id = vis_u.id AND vis_m.mute_posts)
        """;

    /// <summary>
    /// A trial reel (migration 0182, docs/reels.md "Trial reels") is not shown to its author's followers and close friends
    /// until it is shared with them; everyone else sees it as any reel (with <see cref="ContentFilter"/> beside this). Decided
    /// at read time, so whoever starts following the author stops seeing it. <paramref name="reel"/> is the reels row's alias.
    /// </summary>
    public static string ReelTrialShownTo(string reel, string viewer = "@viewer") => $"""
        ({reel}.trial_status IS NULL OR {reel}.trial_status = 'shared' OR {reel}.user_id = {viewer}
         OR NOT (EXISTS (SELECT 1 FROM follows vis_tf WHERE vis_tf.follower_id = {viewer} AND vis_tf.following_id = {reel}.user_id)
                 OR EXISTS (SELECT 1 FROM close_friends vis_tc WHERE vis_tc.user_id = {reel}.user_id AND vis_tc.friend_id = {viewer})))
        """;

    /// <summary>
    /// <c>is_blocked_between(a, b)</c> written out (either blocks the other), for the same reason as
    /// <see cref="ContentFilter"/>: two index probes instead of a function call the planner cannot see into.
    /// </summary>
    public static string BlockedBetween(string a, string b) => $"""
        (EXISTS (SELECT 1 FROM blocks vis_b WHERE vis_b.blocker_id = {a} AND vis_b.blocked_id = {b})
         OR EXISTS (SELECT 1 FROM blocks vis_b WHERE vis_b.blocker_id = {b} AND vis_b.blocked_id = {a}))
        """;

    /// <summary>
    /// <c>can_view_story(viewer, owner, audience)</c> written out: the owner, or content the viewer may see
    /// (<see cref="ContentFilter"/>) and an audience that includes them — <c>public</c>, <c>followers</c> (approved
    /// followers only, even on a public account), <c>close_friends</c> (on the owner's list) — and not hidden from them
    /// (<see cref="NotHiddenFromStories"/>). The story tray asks
    /// it for every live story of every followed account: 260 trays/s calling the function, 1,636/s written out.
    /// </summary>
    public static string StoryFilter(string ownerColumn, string audienceColumn, string viewer = "@viewer") => $"""
        ({ownerColumn} = {viewer}
         OR ({ContentFilter(ownerColumn, viewer)}
             AND CASE {audienceColumn}
                   WHEN 'public' THEN true
                   WHEN 'followers' THEN EXISTS (SELECT 1 FROM follows vis_sf WHERE vis_sf.follower_id = {viewer} AND vis_sf.following_id = {ownerColumn})
                   WHEN 'close_friends' THEN EXISTS (SELECT 1 FROM close_friends vis_cf WHERE vis_cf.user_id = {ownerColumn} AND vis_cf.friend_id = {viewer})
                   ELSE false
                 END
             AND {NotHiddenFromStories(ownerColumn, viewer)}))
        """;

    /// <summary>
    /// The owner has not hidden their stories and live broadcasts from @viewer ("Hide story and live from", migration
    /// 0127). Part of <see cref="StoryFilter"/> and of every live broadcast's visibility.
    /// </summary>
    public static string NotHiddenFromStories(string ownerColumn, string viewer = "@viewer") =>
        $"NOT EXISTS (SELECT 1 FROM story_hidden_viewers vis_sh WHERE vis_sh.owner_id = {ownerColumn} AND vis_sh.viewer_id = {viewer})";

    /// <summary>
    /// <c>can_view_entity(viewer, type, id, at)</c> (migration 0021) written out: the entity a polymorphic
    /// reference (a notice's <c>entity_type</c>/<c>entity_id</c>) points at is visible, by the forms above.
    /// CASE runs only the branch of the row's type. The unread count asks it for every unread notice.
    /// </summary>
    public static string EntityFilter(string typeColumn, string idColumn, string at, string viewer = "@viewer") => $"""
        coalesce(CASE {typeColumn}
            WHEN 'user' THEN {ProfileFilter(idColumn, viewer)}
            WHEN 'post' THEN EXISTS (
                SELECT 1 FROM posts vis_ep
                 WHERE vis_ep.id = {idColumn} AND vis_ep.deleted_at IS NULL
                   AND (vis_ep.user_id = {viewer} OR (NOT vis_ep.is_archived AND {ContentFilter("vis_ep.user_id", viewer)})))
            WHEN 'comment' THEN EXISTS (
                SELECT 1 FROM comments vis_ec JOIN posts vis_ep ON vis_ep.id = vis_ec.post_id
                 WHERE vis_ec.id = {idColumn} AND vis_ec.deleted_at IS NULL AND vis_ep.deleted_at IS NULL
                   AND {HeldShownTo("vis_ec", "vis_ep.user_id", viewer)}
                   AND (vis_ep.user_id = {viewer} OR (NOT vis_ep.is_archived AND {ContentFilter("vis_ep.user_id", viewer)}))
                   AND NOT {BlockedBetween(viewer, "vis_ec.user_id")})
            WHEN 'reel' THEN EXISTS (
                SELECT 1 FROM reels vis_er
                 WHERE vis_er.id = {idColumn} AND vis_er.deleted_at IS NULL AND {ContentFilter("vis_er.user_id", viewer)}
                   AND {ReelTrialShownTo("vis_er", viewer)})
            WHEN 'reel_comment' THEN EXISTS (
                SELECT 1 FROM reel_comments vis_erc JOIN reels vis_er ON vis_er.id = vis_erc.reel_id
                 WHERE vis_erc.id = {idColumn} AND vis_erc.deleted_at IS NULL AND vis_er.deleted_at IS NULL
                   AND {HeldShownTo("vis_erc", "vis_er.user_id", viewer)}
                   AND {ContentFilter("vis_er.user_id", viewer)} AND {ReelTrialShownTo("vis_er", viewer)}
                   AND NOT {BlockedBetween(viewer, "vis_erc.user_id")})
            WHEN 'story' THEN EXISTS (
                SELECT 1 FROM stories vis_es
                 WHERE vis_es.id = {idColumn} AND vis_es.deleted_at IS NULL
                   AND (vis_es.user_id = {viewer}
                        OR (vis_es.created_at <= {at} AND vis_es.expires_at > {at} AND {StoryFilter("vis_es.user_id", "vis_es.audience", viewer)})))
            WHEN 'igtv_video' THEN EXISTS (
                SELECT 1 FROM igtv_videos vis_ev
                 WHERE vis_ev.id = {idColumn} AND vis_ev.deleted_at IS NULL
                   AND (vis_ev.user_id = {viewer} OR (vis_ev.is_published AND {ContentFilter("vis_ev.user_id", viewer)})))
            WHEN 'igtv_comment' THEN EXISTS (
                SELECT 1 FROM igtv_comments vis_evc JOIN igtv_videos vis_ev ON vis_ev.id = vis_evc.video_id
                 WHERE vis_evc.id = {idColumn} AND vis_evc.deleted_at IS NULL AND vis_ev.deleted_at IS NULL
                   AND {HeldShownTo("vis_evc", "vis_ev.user_id", viewer)}
                   AND (vis_ev.user_id = {viewer} OR (vis_ev.is_published AND {ContentFilter("vis_ev.user_id", viewer)}))
                   AND NOT {BlockedBetween(viewer, "vis_evc.user_id")})
            WHEN 'product' THEN EXISTS (
                SELECT 1 FROM products vis_epr WHERE vis_epr.id = {idColumn} AND vis_epr.deleted_at IS NULL
                   AND {ContentFilter("vis_epr.user_id", viewer)})
            WHEN 'live_stream' THEN EXISTS (
                SELECT 1 FROM live_streams vis_el WHERE vis_el.id = {idColumn}
                   AND (vis_el.status <> 'cancelled' OR vis_el.user_id = {viewer}) AND {ContentFilter("vis_el.user_id", viewer)}
                   AND NOT EXISTS (SELECT 1 FROM live_stream_removals vis_elr WHERE vis_elr.stream_id = vis_el.id AND vis_elr.user_id = {viewer})
                   AND {NotHiddenFromStories("vis_el.user_id", viewer)})
            WHEN 'note' THEN EXISTS (
                SELECT 1 FROM notes vis_en
                 WHERE vis_en.id = {idColumn} AND vis_en.removed_at IS NULL
                   AND (vis_en.user_id = {viewer}
                        OR (vis_en.expires_at > {at}
                            AND (SELECT true FROM users vis_enu WHERE vis_enu.id = vis_en.user_id AND vis_enu.deleted_at IS NULL AND vis_enu.is_active) IS NOT NULL
                            AND {NoteAudience("vis_en", viewer)})))
            WHEN 'broadcast_channel' THEN EXISTS (
                SELECT 1 FROM broadcast_channels vis_ebc WHERE vis_ebc.id = {idColumn} AND {ChannelVisibility.Invitable("vis_ebc", viewer)})
            ELSE false
        END, false)
        """;

    /// <summary>
    /// A note (aliased <paramref name="note"/>; docs/notes.md) is shown to <paramref name="viewer"/> by its audience: for
    /// 'mutuals', an account that follows its author and is followed back; for 'close_friends', an account on the author's
    /// list who may see the author's content (<see cref="ContentFilter"/>: a public account, or a private one they follow), as
    /// for a close-friends story (migration 0247: before, a private account's list reached friends who did not follow it).
    /// Blocks end follows and close friends both ways, so a blocked account never qualifies. Its author and its expiry are
    /// the caller's to add.
    /// </summary>
    public static string NoteAudience(string note, string viewer) => $"""
        (({note}.audience = 'mutuals'
          AND EXISTS (SELECT 1 FROM follows vis_nf WHERE vis_nf.follower_id = {viewer} AND vis_nf.following_id = {note}.user_id)
          AND EXISTS (SELECT 1 FROM follows vis_nf WHERE vis_nf.follower_id = {note}.user_id AND vis_nf.following_id = {viewer}))
         OR ({note}.audience = 'close_friends'
             AND EXISTS (SELECT 1 FROM close_friends vis_ncf WHERE vis_ncf.user_id = {note}.user_id AND vis_ncf.friend_id = {viewer})
             AND {ContentFilter($"{note}.user_id", viewer)}))
        """;

    /// <summary>
    /// A comment (aliased <paramref name="comment"/>) held for review (migration 0105) is seen by its writer and by the
    /// owner of its thing (<paramref name="ownerColumn"/>) only; a shown one by anyone the other rules let through.
    /// </summary>
    private static string HeldShownTo(string comment, string ownerColumn, string viewer) =>
        $"({comment}.held_at IS NULL OR {comment}.user_id = {viewer} OR {ownerColumn} = {viewer})";

    public Task<bool> CanViewProfileAsync(Guid? viewer, Guid owner, CancellationToken ct) =>
        AskAsync("SELECT can_view_profile(@viewer, @owner)", new { viewer, owner }, ct);

    public Task<bool> CanViewContentAsync(Guid? viewer, Guid owner, CancellationToken ct) =>
        AskAsync("SELECT can_view_content(@viewer, @owner)", new { viewer, owner }, ct);

    public Task<bool> CanViewStoryAsync(Guid? viewer, Guid owner, string audience, CancellationToken ct) =>
        AskAsync("SELECT can_view_story(@viewer, @owner, @audience)", new { viewer, owner, audience }, ct);

    /// <summary>True when either blocks the other: interactions between them (follow, like, comment, mention, message) are refused as 404.</summary>
    public Task<bool> IsBlockedBetweenAsync(Guid a, Guid b, CancellationToken ct) =>
        AskAsync("SELECT is_blocked_between(@a, @b)", new { a, b }, ct);

    /// <summary>The id of the account with this username when its profile is visible to the caller; otherwise null (answer 404).</summary>
    public async Task<Guid?> FindVisibleProfileAsync(Guid? viewer, string username, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            SELECT u.id FROM users u
            WHERE lower(u.username) = lower(@username) AND can_view_profile(@viewer, u.id)
            """, new { viewer, username }, cancellationToken: ct));
    }

    private async Task<bool> AskAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(sql, args, cancellationToken: ct));
    }
}
