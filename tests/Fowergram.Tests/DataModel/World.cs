using Dapper;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// A complete, valid graph of rows — at least one in every table — with fresh ids, built inside a
/// transaction that the test rolls back, so rule cases never leave data behind.
/// </summary>
internal sealed class World
{
    /// <summary>(id parameter or null, table, overrides), in dependency order. Named rows get id = @name.</summary>
    private static readonly (string? Name, string Table, string[] Overrides)[] Rows =
    [
        ("a", "users", []),
        ("b", "users", []),
        ("c", "users", ["is_private = true"]),
        ("activity", "user_activities", []),
        ("up1", "uploads", []), ("up2", "uploads", []), ("up3", "uploads", []), ("up4", "uploads", []),
        ("up5", "uploads", ["purpose = 'message'"]), ("up6", "uploads", ["purpose = 'product'"]),
        ("up7", "uploads", ["purpose = 'cover'"]), ("up8", "uploads", ["purpose = 'cover'"]),
        ("up9", "uploads", ["purpose = 'cover'"]), ("up10", "uploads", []), ("up11", "uploads", []), ("up12", "uploads", []),
        ("up13", "uploads", ["purpose = 'message'"]), ("up14", "uploads", ["purpose = 'message'"]),
        ("up15", "uploads", ["purpose = 'message'"]), ("up16", "uploads", ["purpose = 'message'"]),
        ("spare_upload", "uploads", []),
        ("track", "music_tracks", []),
        ("audio", "audio_tracks", []),
        ("post", "posts", []),
        ("post2", "posts", ["user_id = @b"]),
        ("media", "post_media", ["upload_id = @up1"]),
        (null, "media_user_tags", []),
        ("deleted_media", "deleted_post_media", ["upload_id = @up12"]),
        ("prompt", "add_yours_prompts", []),
        ("story", "stories", ["upload_id = @up2", "add_yours_prompt_id = @prompt", "shared_post_id = @post"]),
        ("story2", "stories", ["user_id = @b", "upload_id = NULL"]),
        (null, "story_views", []),
        ("reel", "reels", ["upload_id = @up3", "thumbnail_upload_id = @up9"]),
        ("reel2", "reels", ["user_id = @b", "upload_id = NULL", "remix_of_id = @reel"]),
        ("series", "igtv_series", ["cover_upload_id = @up7"]),
        ("video", "igtv_videos", ["upload_id = @up4", "thumbnail_upload_id = @up8"]),
        ("video2", "igtv_videos", ["user_id = @b", "series_id = NULL", "upload_id = NULL"]),
        (null, "follows", []),
        (null, "account_notification_settings", []),
        (null, "follow_requests", []),
        (null, "blocks", []),
        (null, "mutes", []),
        (null, "close_friends", []),
        (null, "likes", []),
        ("comment", "comments", []),
        (null, "comment_likes", []),
        (null, "reel_likes", []),
        (null, "reel_views", []),
        (null, "igtv_views", []),
        (null, "igtv_likes", []),
        ("reel_comment", "reel_comments", []),
        ("video_comment", "igtv_comments", []),
        (null, "reel_comment_likes", []),
        (null, "saved_reels", []),
        (null, "reel_recommendations", []),
        (null, "igtv_comment_likes", []),
        (null, "post_mentions", []),
        (null, "comment_mentions", []),
        ("poll", "story_polls", []),
        (null, "story_poll_votes", []),
        ("slider", "story_sliders", []),
        (null, "story_slider_responses", []),
        ("quiz", "story_quizzes", []),
        (null, "story_quiz_answers", []),
        ("countdown", "story_countdowns", []),
        (null, "story_countdown_reminders", []),
        ("question", "story_questions", []),
        ("response", "story_question_responses", []),
        (null, "story_reactions", []),
        ("conversation", "conversations", ["is_group = false", "group_name = NULL",
            "direct_key = least(@a::text, @b::text) || ':' || greatest(@a::text, @b::text)"]),
        (null, "conversation_participants", []),
        (null, "conversation_participants", ["user_id = @b"]),
        ("message", "messages", []),
        ("image_message", "messages", ["message_type = 'image'", "content = NULL", "upload_id = @up5", "media_blob_name = 'dm/1'"]),
        (null, "message_reactions", []),
        ("removed_msg", "messages", ["message_type = 'removed'", "content = NULL"]),
        (null, "removed_messages", ["message_id = @removed_msg", "message_type = 'image'", "content = NULL", "media_blob_name = 'dm/3'", "upload_id = @up13"]),
        ("stream", "live_streams", []),
        (null, "live_stream_viewers", []),
        (null, "live_stream_guests", []),
        (null, "post_collaborators", []),
        (null, "reposts", []),
        ("channel", "broadcast_channels", []),
        (null, "broadcast_channel_members", []),
        (null, "broadcast_channel_hosts", []),
        ("channel_message", "broadcast_channel_messages", ["content = NULL", "upload_id = @up14", "media_type = 'image'", "media_blob_name = 'ch/1'"]),
        ("channel_poll", "broadcast_channel_messages", ["content = NULL", "poll_question = 'Which?'", "poll_options = '{a,b}'"]),
        ("channel_reply", "broadcast_channel_messages", ["content = 'quoting'", "reply_to_id = @channel_message", "is_reply = true", "edited_at = now()",
            "pinned_at = now()"]),
        ("removed_channel_msg", "broadcast_channel_messages", ["content = NULL", "removed_at = now()"]),
        (null, "removed_channel_messages", ["message_id = @removed_channel_msg", "content = NULL", "upload_id = @up15", "media_type = 'image'",
            "media_blob_name = 'ch/5'"]),
        ("channel_scheduled", "broadcast_channel_scheduled_messages", ["content = NULL", "upload_id = @up16", "media_type = 'image'", "media_blob_name = 'ch/6'"]),
        (null, "broadcast_channel_votes", []),
        (null, "broadcast_channel_reactions", []),
        (null, "reel_reposts", []),
        (null, "live_reminders", []),
        (null, "live_stream_removals", []),
        (null, "favorites", []),
        (null, "live_comment_mutes", []),
        (null, "restrictions", []),
        (null, "story_hidden_viewers", []),
        (null, "saved_audio", []),
        (null, "hidden_words", []),
        ("name_change", "username_changes", []),
        ("email_change", "email_changes", ["confirmed_at = NULL"]),
        (null, "moderators", []),
        (null, "account_limits", []),
        (null, "account_presence", []),
        ("note", "notes", ["music_track_id = @track", "music_start_seconds = 5"]),
        (null, "note_likes", []),
        ("live_comment", "live_comments", []),
        ("product", "products", []),
        (null, "reel_product_tags", []),
        (null, "product_images", ["upload_id = @up6"]),
        (null, "post_product_tags", []),
        (null, "wishlists", []),
        ("collection", "collections", []),
        (null, "collection_posts", []),
        ("highlight", "highlights", []),
        (null, "highlight_stories", []),
        (null, "deleted_highlight_stories", []),
        ("hashtag", "hashtags", []),
        (null, "post_hashtags", []),
        (null, "reel_hashtags", []),
        (null, "hashtag_follows", []),
        ("search", "search_history", []),
        ("report", "reports", []),
        ("report2", "reports", ["reporter_id = @c"]),
        (null, "content_removals", ["report_id = @report2"]),
        ("suspension", "account_suspensions", []),
        ("appeal", "suspension_appeals", []),
        (null, "account_two_factor", []),
        (null, "two_factor_recovery_codes", []),
        (null, "user_stats", []), (null, "post_stats", []), (null, "comment_stats", []), (null, "reel_stats", []),
        (null, "igtv_stats", []), (null, "story_stats", []), (null, "story_poll_stats", []), (null, "story_slider_stats", []), (null, "story_quiz_stats", []), (null, "hashtag_stats", []),
        (null, "music_track_stats", []), (null, "audio_track_stats", []), (null, "live_stream_stats", []),
        (null, "feed_entries", []),
        (null, "explore_candidates", []),
        ("scheduled", "scheduled_posts", []),
        (null, "explore_dismissals", []),
        (null, "suggestion_dismissals", []),
        (null, "profile_visits", []),
        (null, "account_time_spent", []),
        (null, "follower_losses", []),
        ("trusted_device", "two_factor_trusted_devices", []),
        ("passkey", "passkeys", []),
        ("passkey_challenge", "passkey_challenges", []),
        (null, "address_throttles", []),
        (null, "post_impressions", []),
        (null, "post_reach", []),
        (null, "discovery_hidden_authors", []),
        (null, "reel_dismissals", []),
        (null, "scheduled_post_media", ["position = 0", "upload_id = @up10"]),
        ("scheduled_reel", "scheduled_reels", ["upload_id = @up11"]),
        ("notification", "notifications", []),
        ("push_subscription", "push_subscriptions", []),
        (null, "push_deliveries", []),
        (null, "push_preferences", []),
        (null, "push_message_deliveries", []),
        (null, "push_channel_fanouts", []),
        (null, "push_channel_deliveries", []),
    ];

    public static readonly IReadOnlyList<string> Names = Rows.Where(r => r.Name is not null).Select(r => r.Name!).ToList();

    /// <summary>Every table that has at least one row in a world.</summary>
    public static readonly IReadOnlySet<string> Tables = Rows.Select(r => r.Table).ToHashSet();

    private static readonly string Script = string.Join(";\n", Rows.Select(r => RowTemplates.Insert(r.Table,
        r.Name is null ? r.Overrides : [$"id = @{r.Name}", .. r.Overrides])));

    public DynamicParameters Parameters { get; } = new();

    private World()
    {
        foreach (var name in Names) Parameters.Add(name, Guid.CreateVersion7());
    }

    public Guid this[string name] => Parameters.Get<Guid>(name);

    public static async Task<World> CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        var world = new World();
        await conn.ExecuteAsync(Script, world.Parameters, tx);
        return world;
    }
}
