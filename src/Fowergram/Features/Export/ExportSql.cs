using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Export;

/// <summary>
/// The export's sections: each query yields one JSON text per item, built by PostgreSQL, about the account @viewer
/// alone — what it wrote, did and keeps. Deleted things are not exported (they are deleted); other accounts appear
/// only by username, and only while they are live.
/// </summary>
internal static class ExportSql
{
    /// <summary>
    /// The id in <paramref name="column"/> while the row it names in <paramref name="table"/> is not deleted, else null: a
    /// message or story that shares a post, reel, story or video stays, but a deleted one is named nowhere (checklist 15).
    /// The CASE keeps the probe to rows that share something: most messages share nothing.
    /// </summary>
    internal static string LiveId(string table, string column) =>
        $"CASE WHEN {column} IS NOT NULL THEN (SELECT x.id FROM {table} x WHERE x.id = {column} AND x.deleted_at IS NULL) END";

    /// <summary>UTC ISO-8601 with a Z, as the API writes times, whatever the session's TimeZone.</summary>
    internal static string Iso(string column) => $"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""";

    internal const string LiveUser = "u.deleted_at IS NULL AND u.is_active";

    /// <summary>
    /// u.username, or null while a block stands between @viewer and <paramref name="other"/> either way: the account may
    /// not see the other's profile then (its current name included), and naming it on one side only would tell who blocked
    /// whom. Two probes of blocks_pkey.
    /// </summary>
    private static string UnlessBlocked(string other) => $"CASE WHEN {NoBlockWith(other)} THEN u.username END";

    /// <summary>No block stands between @viewer and <paramref name="other"/>, either way: two probes of blocks_pkey.</summary>
    private static string NoBlockWith(string other) =>
        $"NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id, b.blocked_id) IN ((@viewer, {other}), ({other}, @viewer)))";

    /// <summary>
    /// The username of the author or owner <paramref name="other"/> of something the account acted on (a repost, a
    /// collaboration, a channel), while live and no block stands between the two either way; else null, the row kept.
    /// </summary>
    private static string NamedUnlessBlocked(string other) =>
        $"(SELECT u.username FROM users u WHERE u.id = {other} AND {LiveUser} AND {NoBlockWith(other)})";

    /// <summary>The hours of the week (0 = Monday 00:00 UTC) set in a bit(168) of account_presence (docs/insights.md "Most active times").</summary>
    private static string HoursOf(string bits) => $"ARRAY(SELECT h FROM generate_series(0, 167) h WHERE get_bit({bits}, h) = 1)";

    public static readonly string Account = $"""
        SELECT json_build_object('id', u.id, 'username', u.username, 'email', u.email, 'fullName', u.full_name, 'bio', u.bio,
                   'phoneNumber', u.phone_number, 'dateOfBirth', u.date_of_birth, 'gender', u.gender, 'profileCategory', u.profile_category,
                   'externalLinks', u.external_links, 'businessInfo', u.business_info, 'isPrivate', u.is_private, 'isVerified', u.is_verified,
                   'emailVerifiedAt', {Iso("u.email_verified_at")}, 'createdAt', {Iso("u.created_at")},
                   'showActivityStatus', u.show_activity_status, 'showReadReceipts', u.show_read_receipts, 'showLikeCounts', u.show_like_counts, 'allowStoryReshares', u.allow_story_reshares, 'allowReelRemixes', u.allow_reel_remixes, 'allowCommentsFrom', u.allow_comments_from, 'allowStoryReplies', u.allow_story_replies, 'allowTags', u.allow_tags, 'allowMentions', u.allow_mentions, 'allowReposts', u.allow_reposts, 'dailyLimitMinutes', u.daily_limit_minutes,
                   'quietMode', json_build_object('since', {Iso("u.quiet_mode_since")}, 'until', {Iso("u.quiet_mode_until")},
                       'schedule', CASE WHEN u.quiet_schedule_days IS NOT NULL THEN json_build_object('days', to_json(u.quiet_schedule_days),
                           'from', to_char(u.quiet_schedule_from, 'HH24:MI'), 'to', to_char(u.quiet_schedule_to, 'HH24:MI'),
                           'timeZone', u.quiet_schedule_time_zone) END),
                   'lastActiveAt', (SELECT {Iso("p.last_active_at")} FROM account_presence p WHERE p.user_id = u.id),
                   'activeHours', (SELECT json_build_object('week', p.active_week, 'hours', {HoursOf("p.active_hours")},
                                          'previousWeekHours', {HoursOf("p.previous_active_hours")})
                                     FROM account_presence p WHERE p.user_id = u.id AND p.active_week IS NOT NULL),
                   'pushPreferences', (SELECT json_build_object('likes', pp.likes, 'comments', pp.comments, 'mentions', pp.mentions,
                                           'follows', pp.follows, 'followedAccounts', pp.followed_accounts, 'shopping', pp.shopping,
                                           'messages', pp.messages, 'messageRequests', pp.message_requests, 'channels', pp.channels,
                                           'updatedAt', {Iso("pp.updated_at")})
                                        FROM push_preferences pp WHERE pp.user_id = u.id))::text
          FROM users u WHERE u.id = @viewer AND {LiveUser}
        """;

    /// <summary>(member name, query) in the order they are written.</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> Sections =
    [
        ("usernameChanges", $"""
            SELECT json_build_object('oldUsername', c.old_username, 'newUsername', c.new_username, 'changedAt', {Iso("c.changed_at")})::text
              FROM username_changes c WHERE c.user_id = @viewer ORDER BY c.changed_at
            """),
        ("emailChanges", $"""
            SELECT json_build_object('oldEmail', c.old_email, 'newEmail', c.new_email, 'requestedAt', {Iso("c.requested_at")},
                       'confirmedAt', {Iso("c.confirmed_at")}, 'cancelledAt', {Iso("c.cancelled_at")},
                       'revertedAt', {Iso("c.reverted_at")})::text
              FROM email_changes c WHERE c.user_id = @viewer ORDER BY c.requested_at, c.id
            """),
        // Where the account is logged in now, as GET /users/me/sessions lists them (refresh_tokens_user): ended sessions
        // stay only as their families' reuse record, which says nothing the account did.
        ("sessions", $"""
            SELECT json_build_object('id', t.family_id, 'device', (array_agg(t.device ORDER BY t.created_at DESC))[1],
                       'startedAt', {Iso("min(t.family_started_at)")}, 'lastActiveAt', {Iso("max(t.created_at)")},
                       'expiresAt', {Iso("max(t.expires_at)")})::text
              FROM refresh_tokens t WHERE t.user_id = @viewer AND t.revoked_at IS NULL
             GROUP BY t.family_id HAVING max(t.expires_at) > @now ORDER BY min(t.family_started_at), t.family_id
            """),
        ("trustedDevices", $"""
            SELECT json_build_object('id', d.id, 'device', d.device, 'trustedAt', {Iso("d.created_at")},
                       'lastUsedAt', {Iso("d.last_used_at")}, 'expiresAt', {Iso("d.expires_at")})::text
              FROM two_factor_trusted_devices d WHERE d.user_id = @viewer AND d.expires_at > @now ORDER BY d.created_at, d.id
            """),
        // The passkeys by name and dates: never the key or the credential id, which only the authenticator and sign-in need.
        ("passkeys", $"""
            SELECT json_build_object('id', k.id, 'name', k.name, 'synced', k.backed_up, 'createdAt', {Iso("k.created_at")},
                       'lastUsedAt', {Iso("k.last_used_at")})::text
              FROM passkeys k WHERE k.user_id = @viewer ORDER BY k.created_at, k.id
            """),
        // The browsers and apps that receive push notifications, by service and dates: never the endpoint, token or keys (capabilities).
        ("pushSubscriptions", $"""
            SELECT json_build_object('id', s.id, 'kind', s.kind, 'service', {Notifications.Push.PushSubscriptionsSql.Service("s.")}, 'createdAt', {Iso("s.created_at")},
                       'lastSuccessAt', {Iso("s.last_success_at")})::text
              FROM push_subscriptions s WHERE s.user_id = @viewer AND {Notifications.Push.PushSubscriptionsSql.LiveSession("s")} ORDER BY s.created_at, s.id
            """),
        ("posts", $"""
            SELECT json_build_object('id', p.id, 'caption', p.caption, 'location', p.location, 'isArchived', p.is_archived,
                       'commentsDisabled', p.comments_disabled, 'likesDisabled', p.likes_disabled, 'createdAt', {Iso("p.created_at")},
                       'musicTrackId', p.music_track_id,
                       'musicStartSeconds', CASE WHEN p.music_track_id IS NOT NULL THEN p.music_start_seconds END,
                       'media', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'type', m.media_type, 'altText', m.alt_text,
                                         'width', m.width, 'height', m.height, 'durationSeconds', m.duration) ORDER BY m.display_order), '[]')
                                   FROM post_media m WHERE m.post_id = p.id))::text
              FROM posts p WHERE p.user_id = @viewer AND p.deleted_at IS NULL ORDER BY p.created_at, p.id
            """),
        // Posts the account was invited to co-author (docs/posts.md "Collab posts"); the post's author by username while live.
        ("collaborations", $"""
            SELECT json_build_object('postId', pc.post_id, 'author', {NamedUnlessBlocked("p.user_id")},
                       'state', CASE WHEN pc.accepted_at IS NULL THEN 'pending' ELSE 'accepted' END,
                       'invitedAt', {Iso("pc.invited_at")}, 'acceptedAt', {Iso("pc.accepted_at")})::text
              FROM post_collaborators pc JOIN posts p ON p.id = pc.post_id
             WHERE pc.user_id = @viewer AND p.deleted_at IS NULL ORDER BY pc.invited_at, pc.post_id
            """),
        // Posts the account reposted (docs/posts.md "Reposts"), whether or not they are shown now; the author by username while live.
        ("reposts", $"""
            SELECT json_build_object('postId', r.post_id, 'author', {NamedUnlessBlocked("p.user_id")},
                       'repostedAt', {Iso("r.created_at")})::text
              FROM reposts r JOIN posts p ON p.id = r.post_id
             WHERE r.user_id = @viewer AND p.deleted_at IS NULL ORDER BY r.created_at, r.post_id
            """),
        ("scheduledPosts", $"""
            SELECT json_build_object('id', s.id, 'publishAt', {Iso("s.publish_at")}, 'caption', s.request->>'caption',
                       'location', s.request->>'location', 'createdAt', {Iso("s.created_at")}, 'updatedAt', {Iso("s.updated_at")},
                       'musicTrackId', s.request->>'musicTrackId', 'musicStartSeconds', (s.request->>'musicStartSeconds')::integer,
                       'collaborators', s.request->'collaborators',
                       'media', (SELECT coalesce(json_agg(json_build_object('uploadId', m.upload_id, 'altText', s.request->'media'->m.position->>'altText',
                                         'width', m.width, 'height', m.height, 'durationSeconds', m.duration_seconds) ORDER BY m.position), '[]')
                                   FROM scheduled_post_media m WHERE m.scheduled_post_id = s.id))::text
              FROM scheduled_posts s WHERE s.user_id = @viewer ORDER BY s.publish_at, s.id
            """),
        ("scheduledReels", $"""
            SELECT json_build_object('id', s.id, 'publishAt', {Iso("s.publish_at")}, 'caption', s.request->>'caption',
                       'location', s.request->>'location', 'audioTrackId', s.request->>'audioTrackId', 'remixOfId', s.request->>'remixOfId',
                       'uploadId', s.upload_id, 'width', s.width, 'height', s.height, 'durationSeconds', s.duration_seconds,
                       'createdAt', {Iso("s.created_at")}, 'updatedAt', {Iso("s.updated_at")})::text
              FROM scheduled_reels s WHERE s.user_id = @viewer ORDER BY s.publish_at, s.id
            """),
        ("scheduledChannelMessages", $"""
            SELECT json_build_object('id', s.id, 'channelId', s.channel_id, 'publishAt', {Iso("s.publish_at")}, 'text', s.content,
                       'uploadId', s.upload_id, 'mediaType', s.media_type, 'pollQuestion', s.poll_question, 'pollOptions', s.poll_options,
                       'createdAt', {Iso("s.created_at")})::text
              FROM broadcast_channel_scheduled_messages s WHERE s.sender_id = @viewer ORDER BY s.publish_at, s.id
            """),
        ("notInterestedPosts", $"""
            SELECT json_build_object('postId', d.post_id, 'since', {Iso("d.created_at")})::text
              FROM explore_dismissals d JOIN posts p ON p.id = d.post_id
             WHERE d.user_id = @viewer AND p.deleted_at IS NULL ORDER BY d.created_at, d.post_id
            """),
        ("notInterestedReels", $"""
            SELECT json_build_object('reelId', d.reel_id, 'since', {Iso("d.created_at")})::text
              FROM reel_dismissals d JOIN reels r ON r.id = d.reel_id
             WHERE d.user_id = @viewer AND r.deleted_at IS NULL ORDER BY d.created_at, d.reel_id
            """),
        ("reels", $"""
            SELECT json_build_object('id', r.id, 'caption', r.caption, 'durationSeconds', r.duration, 'audioTrackId', r.audio_track_id,
                       'commentsDisabled', r.comments_disabled, 'likesDisabled', r.likes_disabled, 'remixOfId', r.remix_of_id,
                       'allowRemix', r.allow_remix, 'location', r.location, 'createdAt', {Iso("r.created_at")})::text
              FROM reels r WHERE r.user_id = @viewer AND r.deleted_at IS NULL ORDER BY r.created_at, r.id
            """),
        ("reelComments", $"""
            SELECT json_build_object('id', c.id, 'reelId', c.reel_id, 'parentId', c.parent_id, 'content', c.content,
                       'createdAt', {Iso("c.created_at")})::text
              FROM reel_comments c JOIN reels r ON r.id = c.reel_id
             WHERE c.user_id = @viewer AND c.deleted_at IS NULL AND r.deleted_at IS NULL ORDER BY c.created_at, c.id
            """),
        ("reelLikes", $"""
            SELECT json_build_object('reelId', l.reel_id, 'likedAt', {Iso("l.created_at")})::text
              FROM reel_likes l JOIN reels r ON r.id = l.reel_id WHERE l.user_id = @viewer AND r.deleted_at IS NULL ORDER BY l.created_at, l.reel_id
            """),
        ("savedReels", $"""
            SELECT json_build_object('reelId', s.reel_id, 'savedAt', {Iso("s.created_at")})::text
              FROM saved_reels s JOIN reels r ON r.id = s.reel_id WHERE s.user_id = @viewer AND r.deleted_at IS NULL ORDER BY s.created_at, s.reel_id
            """),
        // Reels the account reposted (docs/reels.md "Reposts"), whether or not they are shown now; the author by username while live.
        ("reelReposts", $"""
            SELECT json_build_object('reelId', rr.reel_id, 'author', {NamedUnlessBlocked("r.user_id")},
                       'repostedAt', {Iso("rr.created_at")})::text
              FROM reel_reposts rr JOIN reels r ON r.id = rr.reel_id
             WHERE rr.user_id = @viewer AND r.deleted_at IS NULL ORDER BY rr.created_at, rr.reel_id
            """),
        ("reelCommentLikes", $"""
            SELECT json_build_object('commentId', cl.comment_id, 'reelId', c.reel_id, 'likedAt', {Iso("cl.created_at")})::text
              FROM reel_comment_likes cl JOIN reel_comments c ON c.id = cl.comment_id JOIN reels r ON r.id = c.reel_id
             WHERE cl.user_id = @viewer AND c.deleted_at IS NULL AND r.deleted_at IS NULL ORDER BY cl.created_at, cl.comment_id
            """),
        ("videos", $"""
            SELECT json_build_object('id', v.id, 'title', v.title, 'description', v.description, 'durationSeconds', v.duration,
                       'seriesId', v.series_id, 'seriesPosition', CASE WHEN v.series_id IS NOT NULL THEN v.series_position END, 'isPublished', v.is_published, 'publishedAt', {Iso("v.published_at")},
                       'createdAt', {Iso("v.created_at")})::text
              FROM igtv_videos v WHERE v.user_id = @viewer AND v.deleted_at IS NULL ORDER BY v.created_at, v.id
            """),
        ("videoLikes", $"""
            SELECT json_build_object('videoId', l.video_id, 'likedAt', {Iso("l.created_at")})::text
              FROM igtv_likes l JOIN igtv_videos v ON v.id = l.video_id WHERE l.user_id = @viewer AND v.deleted_at IS NULL ORDER BY l.created_at, l.video_id
            """),
        ("videoComments", $"""
            SELECT json_build_object('id', c.id, 'videoId', c.video_id, 'parentId', c.parent_id, 'content', c.content,
                       'createdAt', {Iso("c.created_at")})::text
              FROM igtv_comments c JOIN igtv_videos v ON v.id = c.video_id
             WHERE c.user_id = @viewer AND c.deleted_at IS NULL AND v.deleted_at IS NULL ORDER BY c.created_at, c.id
            """),
        ("videoCommentLikes", $"""
            SELECT json_build_object('commentId', cl.comment_id, 'videoId', c.video_id, 'likedAt', {Iso("cl.created_at")})::text
              FROM igtv_comment_likes cl JOIN igtv_comments c ON c.id = cl.comment_id JOIN igtv_videos v ON v.id = c.video_id
             WHERE cl.user_id = @viewer AND c.deleted_at IS NULL AND v.deleted_at IS NULL ORDER BY cl.created_at, cl.comment_id
            """),
        ("videoSeries", $"""
            SELECT json_build_object('id', s.id, 'title', s.title, 'description', s.description, 'createdAt', {Iso("s.created_at")})::text
              FROM igtv_series s WHERE s.user_id = @viewer ORDER BY s.created_at, s.id
            """),
        ("comments", $"""
            SELECT json_build_object('id', c.id, 'postId', c.post_id, 'parentId', c.parent_id, 'content', c.content,
                       'createdAt', {Iso("c.created_at")})::text
              FROM comments c JOIN posts p ON p.id = c.post_id
             WHERE c.user_id = @viewer AND c.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY c.created_at, c.id
            """),
        ("likes", $"""
            SELECT json_build_object('postId', l.post_id, 'likedAt', {Iso("l.created_at")})::text
              FROM likes l JOIN posts p ON p.id = l.post_id WHERE l.user_id = @viewer AND p.deleted_at IS NULL ORDER BY l.created_at, l.post_id
            """),
        ("commentLikes", $"""
            SELECT json_build_object('commentId', cl.comment_id, 'postId', c.post_id, 'likedAt', {Iso("cl.created_at")})::text
              FROM comment_likes cl JOIN comments c ON c.id = cl.comment_id JOIN posts p ON p.id = c.post_id
             WHERE cl.user_id = @viewer AND c.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY cl.created_at, cl.comment_id
            """),
        ("saved", $"""
            SELECT json_build_object('postId', s.post_id, 'savedAt', {Iso("s.created_at")})::text
              FROM saved_posts s JOIN posts p ON p.id = s.post_id WHERE s.user_id = @viewer AND p.deleted_at IS NULL ORDER BY s.created_at, s.post_id
            """),
        ("collections", $"""
            SELECT json_build_object('id', c.id, 'name', c.name, 'description', c.description, 'createdAt', {Iso("c.created_at")},
                       'postIds', (SELECT coalesce(json_agg(cp.post_id ORDER BY cp.added_at, cp.post_id), '[]')
                                     FROM collection_posts cp JOIN posts p ON p.id = cp.post_id
                                    WHERE cp.collection_id = c.id AND p.deleted_at IS NULL))::text
              FROM collections c WHERE c.user_id = @viewer ORDER BY c.created_at, c.id
            """),
        ("following", People("follows f", "f.following_id", "f.follower_id", "f.created_at")),
        ("followers", People("follows f", "f.follower_id", "f.following_id", "f.created_at")),
        // The follower's side of follower_losses (docs/insights.md "Lost followers"): whom the account stopped following in
        // the last 90 days — unfollowing or removed — and does not follow again. The owner's side is never exported.
        ("stoppedFollowing", $"""
            SELECT json_build_object('username', u.username, 'at', {Iso("l.lost_at")})::text
              FROM follower_losses l JOIN users u ON u.id = l.user_id
             WHERE l.follower_id = @viewer AND {LiveUser}
               AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = l.follower_id AND f.following_id = l.user_id)
               -- A block ended it, or one stands: naming the other account would tell who blocked whom (and, after an
               -- unblock, when). ended_by_block from 0218; older rows only while the block stands.
               AND NOT l.ended_by_block
               AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id, b.blocked_id) IN ((l.user_id, l.follower_id), (l.follower_id, l.user_id)))
             ORDER BY l.lost_at, u.username
            """),
        ("followRequestsSent", People("follow_requests f", "f.target_id", "f.requester_id", "f.created_at")),
        ("closeFriends", People("close_friends f", "f.friend_id", "f.user_id", "f.created_at")),
        ("favorites", People("favorites f", "f.favorite_id", "f.user_id", "f.created_at")),
        ("blocked", People("blocks f", "f.blocked_id", "f.blocker_id", "f.created_at", acrossBlocks: true)),
        ("muted", People("mutes f", "f.muted_id", "f.muter_id", "f.created_at")),
        ("notInterestedAccounts", People("discovery_hidden_authors f", "f.author_id", "f.user_id", "f.created_at")),
        ("dismissedSuggestions", People("suggestion_dismissals f", "f.dismissed_id", "f.user_id", "f.created_at")),
        ("restricted", People("restrictions f", "f.restricted_id", "f.restricter_id", "f.created_at")),
        ("storiesHiddenFrom", People("story_hidden_viewers f", "f.viewer_id", "f.owner_id", "f.created_at")),
        ("notificationSubscriptions", $"""
            SELECT json_build_object('username', u.username, 'posts', s.posts, 'stories', s.stories, 'reels', s.reels, 'videos', s.videos,
                       'since', {Iso("s.created_at")}, 'updatedAt', {Iso("s.updated_at")})::text
              FROM account_notification_settings s JOIN users u ON u.id = s.following_id
             WHERE s.follower_id = @viewer AND {LiveUser} ORDER BY s.created_at, u.username
            """),
        ("savedAudio", $"""
            SELECT json_build_object('audioTrackId', a.id, 'title', a.title, 'artist', a.artist, 'savedAt', {Iso("s.created_at")})::text
              FROM saved_audio s JOIN audio_tracks a ON a.id = s.audio_track_id WHERE s.user_id = @viewer ORDER BY s.created_at, a.id
            """),
        ("reports", $"""
            SELECT json_build_object('id', r.id, 'targetType', r.target_type, 'targetId', r.target_id, 'reason', r.reason,
                       'details', r.details, 'status', r.status, 'action', r.action, 'createdAt', {Iso("r.created_at")}, 'resolvedAt', {Iso("r.resolved_at")})::text
              FROM reports r WHERE r.reporter_id = @viewer ORDER BY r.created_at, r.id
            """),
        ("appeals", $"""
            SELECT json_build_object('id', a.id, 'message', a.message, 'status', a.status, 'suspendedAt', {Iso("a.suspended_at")},
                       'createdAt', {Iso("a.created_at")}, 'decidedAt', {Iso("a.decided_at")})::text
              FROM suspension_appeals a WHERE a.user_id = @viewer ORDER BY a.created_at, a.id
            """),
        ("removals", $"""
            SELECT json_build_object('id', c.report_id, 'targetType', c.target_type, 'targetId', c.target_id, 'reason', r.reason,
                       'removedAt', {Iso("c.removed_at")}, 'appealableUntil', {Iso("c.appealable_until")}, 'appealMessage', c.appeal_message,
                       'appealStatus', c.appeal_status, 'appealedAt', {Iso("c.appealed_at")}, 'decidedAt', {Iso("c.decided_at")})::text
              FROM content_removals c JOIN reports r ON r.id = c.report_id WHERE c.owner_id = @viewer ORDER BY c.removed_at, c.report_id
            """),
        ("notes", $"""
            SELECT json_build_object('id', n.id, 'text', n.text, 'audience', n.audience, 'musicTrackId', n.music_track_id,
                       'musicStartSeconds', CASE WHEN n.music_track_id IS NOT NULL THEN n.music_start_seconds END, 'createdAt', {Iso("n.created_at")},
                       'expiresAt', {Iso("n.expires_at")})::text
              FROM notes n WHERE n.user_id = @viewer AND n.removed_at IS NULL
            """),
        // The notes the account liked (others' notes: a like of one's own is refused) while the row is there: until its author
        // replaces or deletes the note, expired or not, as the account's own note is exported; not while a moderator's removal holds it.
        ("noteLikes", $"""
            SELECT json_build_object('noteId', l.note_id, 'likedAt', {Iso("l.created_at")})::text
              FROM note_likes l JOIN notes n ON n.id = l.note_id WHERE l.user_id = @viewer AND n.removed_at IS NULL ORDER BY l.created_at, l.note_id
            """),
        ("hiddenWords", $"""
            SELECT json_build_object('word', w.word, 'since', {Iso("w.created_at")})::text
              FROM hidden_words w WHERE w.user_id = @viewer ORDER BY w.word
            """),
        ("hashtagsFollowed", $"""
            SELECT json_build_object('name', h.name, 'since', {Iso("hf.created_at")})::text
              FROM hashtag_follows hf JOIN hashtags h ON h.id = hf.hashtag_id WHERE hf.user_id = @viewer ORDER BY hf.created_at, h.name
            """),
        ("stories", $"""
            SELECT json_build_object('id', s.id, 'mediaType', s.media_type, 'audience', s.audience, 'altText', s.alt_text,
                       'productId', s.product_id, 'link', s.link_url, 'linkText', s.link_text, 'createdAt', {Iso("s.created_at")}, 'expiresAt', {Iso("s.expires_at")},
                       'poll', (SELECT json_build_object('question', p.question, 'option1', p.option1, 'option2', p.option2)
                                  FROM story_polls p WHERE p.story_id = s.id ORDER BY p.created_at, p.id LIMIT 1),
                       'question', (SELECT q.question_text FROM story_questions q WHERE q.story_id = s.id ORDER BY q.created_at, q.id LIMIT 1),
                       'slider', (SELECT json_build_object('question', sl.question, 'emoji', sl.emoji) FROM story_sliders sl WHERE sl.story_id = s.id),
                       'quiz', (SELECT json_build_object('question', qz.question, 'correctOption', qz.correct_option,
                                           'options', array_remove(ARRAY[qz.option1, qz.option2, qz.option3, qz.option4], NULL))
                                  FROM story_quizzes qz WHERE qz.story_id = s.id),
                       'countdown', (SELECT json_build_object('title', cd.title, 'endsAt', {Iso("cd.ends_at")}) FROM story_countdowns cd WHERE cd.story_id = s.id),
                       'addYours', (SELECT ay.prompt FROM add_yours_prompts ay WHERE ay.id = s.add_yours_prompt_id),
                       'sharedPostId', {LiveId("posts", "s.shared_post_id")}, 'sharedReelId', {LiveId("reels", "s.shared_reel_id")},
                       'sharedStoryId', {LiveId("stories", "s.shared_story_id")})::text
              FROM stories s WHERE s.user_id = @viewer AND s.deleted_at IS NULL ORDER BY s.created_at, s.id
            """),
        // The account's answers to stories still there, its own and others': what it chose, wrote or slid on their stickers,
        // the countdowns it asked to be reminded of, and its reactions (the latest type, when it was set). A countdown's title
        // is its author's words: given only while the account is in the story's audience (live or not), as the countdown's
        // notice is (NotificationsSql.CountdownAudience); until 2026-12-07 one dropped from close friends still read it here.
        ("storyInteractions", $"""
            SELECT x.item::text FROM (
                SELECT v.created_at AS at, json_build_object('kind', 'poll_vote', 'storyId', p.story_id, 'option', v.option_selected,
                           'createdAt', {Iso("v.created_at")}) AS item
                  FROM story_poll_votes v JOIN story_polls p ON p.id = v.poll_id JOIN stories s ON s.id = p.story_id
                 WHERE v.user_id = @viewer AND s.deleted_at IS NULL
                UNION ALL
                SELECT r.created_at, json_build_object('kind', 'question_response', 'storyId', q.story_id, 'text', r.response_text,
                           'createdAt', {Iso("r.created_at")})
                  FROM story_question_responses r JOIN story_questions q ON q.id = r.question_id JOIN stories s ON s.id = q.story_id
                 WHERE r.user_id = @viewer AND s.deleted_at IS NULL
                UNION ALL
                SELECT r.created_at, json_build_object('kind', 'slider_response', 'storyId', sl.story_id, 'value', r.value,
                           'createdAt', {Iso("r.created_at")})
                  FROM story_slider_responses r JOIN story_sliders sl ON sl.id = r.slider_id JOIN stories s ON s.id = sl.story_id
                 WHERE r.user_id = @viewer AND s.deleted_at IS NULL
                UNION ALL
                SELECT a.created_at, json_build_object('kind', 'quiz_answer', 'storyId', qz.story_id, 'option', a.option_selected,
                           'createdAt', {Iso("a.created_at")})
                  FROM story_quiz_answers a JOIN story_quizzes qz ON qz.id = a.quiz_id JOIN stories s ON s.id = qz.story_id
                 WHERE a.user_id = @viewer AND s.deleted_at IS NULL
                UNION ALL
                SELECT r.created_at, json_build_object('kind', 'reaction', 'storyId', r.story_id, 'type', r.reaction_type,
                           'createdAt', {Iso("r.created_at")})
                  FROM story_reactions r JOIN stories s ON s.id = r.story_id
                 WHERE r.user_id = @viewer AND s.deleted_at IS NULL
                UNION ALL
                SELECT cr.created_at, json_build_object('kind', 'countdown_reminder', 'storyId', cd.story_id,
                           'title', CASE WHEN {VisibilityPolicy.StoryFilter("s.user_id", "s.audience")} THEN cd.title END,
                           'createdAt', {Iso("cr.created_at")})
                  FROM story_countdown_reminders cr JOIN story_countdowns cd ON cd.id = cr.countdown_id JOIN stories s ON s.id = cd.story_id
                 WHERE cr.user_id = @viewer AND s.deleted_at IS NULL
            ) x ORDER BY x.at
            """),
        ("highlights", $"""
            SELECT json_build_object('id', h.id, 'title', h.title, 'createdAt', {Iso("h.created_at")},
                       'storyIds', (SELECT coalesce(json_agg(hs.story_id ORDER BY hs.added_at, hs.story_id), '[]')
                                      FROM highlight_stories hs JOIN stories s ON s.id = hs.story_id
                                     WHERE hs.highlight_id = h.id AND s.deleted_at IS NULL))::text
              FROM highlights h WHERE h.user_id = @viewer ORDER BY h.display_order
            """),
        // Reactions to messages the account can still read, as the conversations section holds them (ConversationExport): in a
        // thread it is still in, from its joining on, not vanished. A group left, a chat deleted for oneself or a vanished message
        // keeps its reaction row until a sweep or the purge, but is no longer the account's to read, by id or otherwise.
        ("messageReactions", $"""
            SELECT json_build_object('messageId', r.message_id, 'emoji', r.emoji, 'reactedAt', {Iso("r.created_at")})::text
              FROM message_reactions r JOIN messages m ON m.id = r.message_id
              JOIN conversation_participants me ON me.conversation_id = m.conversation_id AND me.user_id = r.user_id
             WHERE r.user_id = @viewer AND me.left_at IS NULL AND m.created_at >= me.joined_at AND {Messages.VanishingRule.Stays("m")}
             ORDER BY r.created_at, r.message_id
            """),
        // Written by ConversationExport, a page at a time: a thread can be longer than the host should hold at once.
        (ConversationExport.Section, ""),
        // Broadcast channels (docs/messages.md "Broadcast channels") the account owns, co-hosts, was invited to co-host or
        // joined, with the messages it posted in each (edited, replying — replyToId null once the quoted message is gone —
        // and pinned) and its votes and reactions there; the owner by username while live. A channel or message a moderator
        // removed says so (removedAt) and shows none of what was taken down, as a removed direct message: its words are kept
        // for an appeal only (docs/messages.md "Removed channel messages").
        ("broadcastChannels", $"""
            SELECT json_build_object('id', c.id, 'name', CASE WHEN c.removed_at IS NULL THEN c.name END,
                       'description', CASE WHEN c.removed_at IS NULL THEN c.description END, 'removedAt', {Iso("c.removed_at")},
                       'owner', {NamedUnlessBlocked("c.owner_id")}, 'role', x.role,
                       'since', {Iso("x.since")}, 'muted', x.muted, 'createdAt', {Iso("c.created_at")}, 'endedAt', {Iso("c.ended_at")},
                       'messages', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'text', m.content, 'mediaType', m.media_type,
                                           'pollQuestion', m.poll_question, 'pollOptions', to_json(m.poll_options), 'sentAt', {Iso("m.created_at")},
                                           'editedAt', {Iso("m.edited_at")}, 'isReply', m.is_reply, 'replyToId', m.reply_to_id,
                                           'pinnedAt', {Iso("m.pinned_at")}, 'removedAt', {Iso("m.removed_at")})
                                         ORDER BY m.created_at, m.id), '[]')
                                      FROM broadcast_channel_messages m WHERE m.channel_id = c.id AND m.sender_id = @viewer),
                       'votes', (SELECT coalesce(json_agg(json_build_object('messageId', v.message_id, 'option', v.option_index,
                                        'votedAt', {Iso("v.voted_at")}) ORDER BY v.voted_at, v.message_id), '[]')
                                   FROM broadcast_channel_votes v JOIN broadcast_channel_messages m ON m.id = v.message_id
                                  WHERE v.user_id = @viewer AND m.channel_id = c.id),
                       'reactions', (SELECT coalesce(json_agg(json_build_object('messageId', r.message_id, 'emoji', r.emoji,
                                            'reactedAt', {Iso("r.created_at")}) ORDER BY r.created_at, r.message_id), '[]')
                                       FROM broadcast_channel_reactions r JOIN broadcast_channel_messages m ON m.id = r.message_id
                                      WHERE r.user_id = @viewer AND m.channel_id = c.id))::text
              FROM (SELECT own.id AS channel_id, 'owner' AS role, own.created_at AS since, NULL::boolean AS muted
                      FROM broadcast_channels own WHERE own.owner_id = @viewer
                    UNION ALL
                    SELECT h.channel_id, CASE WHEN h.accepted_at IS NULL THEN 'invited' ELSE 'cohost' END, coalesce(h.accepted_at, h.invited_at), NULL
                      FROM broadcast_channel_hosts h WHERE h.user_id = @viewer
                    UNION ALL
                    SELECT cm.channel_id, CASE WHEN cm.removed_at IS NULL THEN 'member' ELSE 'removed' END, cm.joined_at, cm.is_muted
                      FROM broadcast_channel_members cm WHERE cm.user_id = @viewer) x
              JOIN broadcast_channels c ON c.id = x.channel_id
             ORDER BY x.since, c.id
            """),
        ("products", $"""
            SELECT json_build_object('id', p.id, 'name', p.name, 'description', p.description, 'price', p.price, 'currency', p.currency,
                       'category', p.category, 'brand', p.brand, 'sku', p.sku, 'url', p.url, 'stockQuantity', p.stock_quantity,
                       'isAvailable', p.is_available, 'createdAt', {Iso("p.created_at")})::text
              FROM products p WHERE p.user_id = @viewer AND p.deleted_at IS NULL ORDER BY p.created_at, p.id
            """),
        ("productTags", $"""
            SELECT json_build_object('productId', t.product_id, 'postId', t.post_id, 'reelId', t.reel_id, 'x', t.x, 'y', t.y,
                       'taggedAt', {Iso("t.created_at")})::text
              FROM (SELECT pt.product_id, pt.post_id, NULL::uuid AS reel_id, pt.x_coordinate AS x, pt.y_coordinate AS y, pt.created_at
                      FROM post_product_tags pt JOIN posts po ON po.id = pt.post_id WHERE po.user_id = @viewer AND po.deleted_at IS NULL
                    UNION ALL
                    SELECT rt.product_id, NULL, rt.reel_id, NULL, NULL, rt.created_at
                      FROM reel_product_tags rt JOIN reels r ON r.id = rt.reel_id WHERE r.user_id = @viewer AND r.deleted_at IS NULL) t
              JOIN products p ON p.id = t.product_id AND p.deleted_at IS NULL
             ORDER BY t.created_at, t.product_id
            """),
        ("wishlist", $"""
            SELECT json_build_object('productId', w.product_id, 'savedAt', {Iso("w.created_at")})::text
              FROM wishlists w JOIN products p ON p.id = w.product_id
             WHERE w.user_id = @viewer AND p.deleted_at IS NULL ORDER BY w.created_at, w.product_id
            """),
        // A removed viewer or muted commenter is a list of accounts like "muted": one across a block either way is left out
        // while the block stands (docs/export.md "Blocks").
        ("liveBroadcasts", $"""
            SELECT json_build_object('id', ls.id, 'title', ls.title, 'description', ls.description, 'status', ls.status,
                       'scheduledAt', {Iso("ls.scheduled_at")}, 'startedAt', {Iso("ls.started_at")}, 'endedAt', {Iso("ls.ended_at")},
                       'createdAt', {Iso("ls.created_at")},
                       'removedViewers', (SELECT coalesce(json_agg(u.username ORDER BY r.created_at, u.username), '[]'::json)
                                            FROM live_stream_removals r JOIN users u ON u.id = r.user_id
                                           WHERE r.stream_id = ls.id AND {LiveUser} AND {NoBlockWith("r.user_id")}),
                       'mutedCommenters', (SELECT coalesce(json_agg(u.username ORDER BY m.created_at, u.username), '[]'::json)
                                             FROM live_comment_mutes m JOIN users u ON u.id = m.user_id
                                            WHERE m.stream_id = ls.id AND {LiveUser} AND {NoBlockWith("m.user_id")}))::text
              FROM live_streams ls WHERE ls.user_id = @viewer ORDER BY ls.created_at, ls.id
            """),
        ("liveComments", $"""
            SELECT json_build_object('id', c.id, 'broadcastId', c.stream_id, 'content', c.content, 'createdAt', {Iso("c.created_at")})::text
              FROM live_comments c WHERE c.user_id = @viewer ORDER BY c.created_at, c.id
            """),
        ("liveReminders", $"""
            SELECT json_build_object('broadcastId', lr.stream_id, 'setAt', {Iso("lr.created_at")})::text
              FROM live_reminders lr WHERE lr.user_id = @viewer ORDER BY lr.created_at, lr.stream_id
            """),
        ("searches", $"""
            SELECT json_build_object('type', s.search_type, 'term', s.search_term, 'searchedAt', {Iso("s.created_at")})::text
              FROM search_history s WHERE s.user_id = @viewer ORDER BY s.created_at, s.id
            """),
        // The visit and the look are the account's own acts and stay; across a block either way the other account is
        // not named (docs/insights.md "Profile visits"): ordered by id, not name, so the order tells nothing either.
        ("profileVisits", $"""
            SELECT json_build_object('username', {UnlessBlocked("v.user_id")}, 'day', v.day)::text
              FROM profile_visits v JOIN users u ON u.id = v.user_id
             WHERE v.visitor_id = @viewer AND {LiveUser} ORDER BY v.day, v.user_id
            """),
        ("contentSeen", $"""
            SELECT json_build_object('username', {UnlessBlocked("r.owner_id")}, 'lastDay', r.last_day)::text
              FROM account_reach r JOIN users u ON u.id = r.owner_id
             WHERE r.viewer_id = @viewer AND {LiveUser} ORDER BY r.last_day, r.owner_id
            """),
        ("postImpressions", $"""
            SELECT json_build_object('postId', i.post_id, 'firstSeenAt', {Iso("i.first_seen_at")}, 'lastSeenAt', {Iso("i.last_seen_at")},
                                     'impressions', i.impressions)::text
              FROM post_impressions i JOIN posts p ON p.id = i.post_id
             WHERE i.viewer_id = @viewer AND p.deleted_at IS NULL ORDER BY i.first_seen_at, i.post_id
            """),
        ("timeSpent", """
            SELECT json_build_object('day', t.day, 'minutes', t.minutes)::text
              FROM account_time_spent t WHERE t.user_id = @viewer ORDER BY t.day
            """),
        ("activity", $"""
            SELECT json_build_object('type', a.activity_type, 'entityType', a.entity_type, 'entityId', a.entity_id,
                       'at', {Iso("a.created_at")})::text
              FROM user_activities a WHERE a.user_id = @viewer ORDER BY a.created_at, a.id
            """),
    ];

    /// <summary>
    /// Accounts the viewer stands in a relation to (<paramref name="viewerColumn"/> = @viewer), by username: live ones with no
    /// block between the two either way, as the account's own lists show them (UserLists.OwnList, MutesSql.List), the row
    /// being about the relation itself (docs/export.md "Blocks"); <paramref name="acrossBlocks"/> for the viewer's own blocks.
    /// </summary>
    private static string People(string table, string otherColumn, string viewerColumn, string since, bool acrossBlocks = false) => $"""
        SELECT json_build_object('username', u.username, 'since', {Iso(since)})::text
          FROM {table} JOIN users u ON u.id = {otherColumn}
         WHERE {viewerColumn} = @viewer AND {LiveUser} {(acrossBlocks ? "" : "AND " + NoBlockWith(otherColumn))} ORDER BY {since}, u.username
        """;
}
