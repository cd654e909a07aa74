using static Fowergram.Tests.DataModel.RuleCase;

namespace Fowergram.Tests.DataModel;

/// <summary>Every UNIQUE rule (primary keys, unique constraints and unique indexes), each refusing a duplicate.</summary>
internal static class UniqueRules
{
    /// <summary>Tables keyed by a surrogate id, and the world row whose id a duplicate reuses.</summary>
    private static readonly (string Table, string WorldRow)[] IdKeys =
    [
        ("users", "a"), ("uploads", "up1"), ("music_tracks", "track"), ("audio_tracks", "audio"), ("posts", "post"),
        ("post_media", "media"), ("stories", "story"), ("reels", "reel"), ("igtv_series", "series"), ("igtv_videos", "video"),
        ("comments", "comment"), ("reel_comments", "reel_comment"), ("igtv_comments", "video_comment"), ("story_polls", "poll"), ("story_questions", "question"),
        ("story_question_responses", "response"), ("conversations", "conversation"), ("messages", "message"),
        ("live_streams", "stream"), ("live_comments", "live_comment"), ("products", "product"), ("collections", "collection"),
        ("highlights", "highlight"), ("hashtags", "hashtag"), ("search_history", "search"), ("reports", "report"),
        ("notes", "note"), ("suspension_appeals", "appeal"), ("story_sliders", "slider"), ("story_quizzes", "quiz"), ("story_countdowns", "countdown"), ("add_yours_prompts", "prompt"),
        ("username_changes", "name_change"), ("email_changes", "email_change"), ("scheduled_posts", "scheduled"),
    ];

    public static readonly IReadOnlyList<RuleCase> All =
    [
        .. IdKeys.Select(k => Unique($"{k.Table}_pkey", k.Table, $"id = @{k.WorldRow}")),
        // Partitioned tables: the key includes the partition column; the world row was made at now().
        Unique("notifications_pkey", "notifications", "id = @notification", "created_at = now()"),
        Unique("user_activities_pkey", "user_activities", "id = @activity"),

        // One row per pair: the seed's UNIQUE(a, b) rules, as composite primary keys.
        Unique("follows_pkey", "follows"),
        Unique("follow_requests_pkey", "follow_requests"),
        Unique("blocks_pkey", "blocks"),
        Unique("mutes_pkey", "mutes", "mute_stories = true"),
        Unique("close_friends_pkey", "close_friends"),
        Unique("account_notification_settings_pkey", "account_notification_settings", "reels = true"),
        Unique("media_user_tags_pkey", "media_user_tags", "x_coordinate = 0.1"),
        Unique("story_views_pkey", "story_views"),
        Unique("likes_pkey", "likes"),
        Unique("comment_likes_pkey", "comment_likes"),
        Unique("reel_likes_pkey", "reel_likes"),
        Unique("reel_views_pkey", "reel_views"),
        Unique("igtv_views_pkey", "igtv_views").Because("a view counts once per viewer and video"),
        Unique("igtv_likes_pkey", "igtv_likes").Because("one like per account and video"),
        Unique("reel_comment_likes_pkey", "reel_comment_likes").Because("one like per account and reel comment"),
        Unique("igtv_comment_likes_pkey", "igtv_comment_likes").Because("one like per account and video comment"),
        Unique("saved_reels_pkey", "saved_reels").Because("a reel is saved once per account"),
        Unique("reel_product_tags_pkey", "reel_product_tags").Because("a reel tags a product once"),
        Unique("post_mentions_pkey", "post_mentions"),
        Unique("comment_mentions_pkey", "comment_mentions"),
        Unique("story_poll_votes_pkey", "story_poll_votes", "option_selected = 2").Because("one vote per user per poll"),
        Unique("story_sliders_story", "story_sliders").Because("one slider per story"),
        Unique("story_slider_responses_pkey", "story_slider_responses", "value = 0.7").Because("one response per user per slider"),
        Unique("story_quizzes_story", "story_quizzes").Because("one quiz per story"),
        Unique("story_countdowns_story", "story_countdowns").Because("one countdown per story"),
        Unique("story_countdown_reminders_pkey", "story_countdown_reminders").Because("one reminder per user per countdown"),
        Unique("story_quiz_answers_pkey", "story_quiz_answers", "option_selected = 2").Because("one answer per user per quiz"),
        Unique("story_reactions_pkey", "story_reactions", "reaction_type = 'clap'").Because("one reaction per viewer"),
        Unique("conversation_participants_pkey", "conversation_participants"),
        Unique("live_stream_viewers_pkey", "live_stream_viewers"),
        Unique("live_reminders_pkey", "live_reminders").Because("one reminder per account and broadcast"),
        Unique("live_stream_removals_pkey", "live_stream_removals").Because("one removal per account and broadcast"),
        Unique("live_comment_mutes_pkey", "live_comment_mutes").Because("one mute per account and broadcast"),
        Unique("favorites_pkey", "favorites").Because("an account is a favorite once"),
        Unique("restrictions_pkey", "restrictions").Because("an account is restricted once by each restricter"),
        Unique("story_hidden_viewers_pkey", "story_hidden_viewers").Because("an account is hidden once from each owner's stories"),
        Unique("saved_audio_pkey", "saved_audio").Because("a sound is saved once by each account"),
        Unique("hidden_words_pkey", "hidden_words").Because("a word is hidden once per account"),
        Unique("username_changes_user_recent", "username_changes", "changed_at = (SELECT changed_at FROM username_changes WHERE id = @name_change)")
            .Because("one order of an account's username history"),
        Unique("email_changes_pending", "email_changes", "user_id = (SELECT user_id FROM email_changes WHERE id = @email_change)", "confirmed_at = NULL")
            .Because("one pending change of address per account"),
        Unique("moderators_pkey", "moderators").Because("an account is a moderator once"),
        Unique("account_suspensions_pkey", "account_suspensions").Because("an account is suspended once at a time"),
        Unique("account_suspensions_id_key", "account_suspensions", "id = @suspension", "user_id = @c").Because("a suspension is named once"),
        Unique("account_two_factor_pkey", "account_two_factor").Because("one second factor per account"),
        Unique("two_factor_recovery_codes_pkey", "two_factor_recovery_codes").Because("a recovery code is kept once"),
        Unique("suspension_appeals_once", "suspension_appeals").Because("a suspension is appealed once"),
        Unique("live_stream_guests_pkey", "live_stream_guests").Because("one row per broadcast and account"),
        Unique("live_stream_guests_key_unique", "live_stream_guests", "user_id = @b", "status = 'joined'", "joined_at = now()", "stream_key_hash = 'k1'")
            .After("UPDATE live_stream_guests SET status = 'joined', joined_at = now(), stream_key_hash = 'k1' WHERE stream_id = @stream AND user_id = @c")
            .Because("a guest's key is theirs alone"),
        Unique("content_removals_pkey", "content_removals", "report_id = @report2").Because("one record, and one appeal, per removal"),
        Unique("account_presence_pkey", "account_presence").Because("one last activity per account"),
        Unique("account_limits_pkey", "account_limits").Because("one set of limits per account"),
        Unique("notes_user_key", "notes", "user_id = @a").Because("one note per account: a new one replaces it"),
        Unique("note_likes_pkey", "note_likes").Because("a note is liked once per account"),
        Unique("message_reactions_pkey", "message_reactions", "emoji = '😂'").Because("one reaction per account and message"),
        Unique("post_product_tags_pkey", "post_product_tags"),
        Unique("wishlists_pkey", "wishlists"),
        Unique("collection_posts_pkey", "collection_posts"),
        Unique("highlight_stories_pkey", "highlight_stories"),
        Unique("post_hashtags_pkey", "post_hashtags"),
        Unique("reel_hashtags_pkey", "reel_hashtags").Because("a reel carries a hashtag once"),
        Unique("hashtag_follows_pkey", "hashtag_follows"),
        Unique("feed_entries_pkey", "feed_entries"),
        Unique("explore_candidates_pkey", "explore_candidates").Because("a post is ranked once"),
        Unique("discovery_hidden_authors_pkey", "discovery_hidden_authors").Because("an account is hidden once"),
        Unique("suggestion_dismissals_pkey", "suggestion_dismissals").Because("an account is dismissed once"),
        Unique("profile_visits_pkey", "profile_visits").Because("a visitor counts once a day"),
        Unique("follower_losses_pkey", "follower_losses").Because("one row per pair: when it last ended"),
        Unique("explore_dismissals_pkey", "explore_dismissals").Because("one choice per account and post"),
        Unique("reel_dismissals_pkey", "reel_dismissals").Because("one choice per account and reel"),
        Unique("scheduled_post_media_pkey", "scheduled_post_media", "position = 0").Because("one media item per place"),
        Unique("scheduled_post_media_upload_key", "scheduled_post_media", "upload_id = @up10").Because("an upload serves one scheduled post"),
        Unique("reel_recommendations_pkey", "reel_recommendations").Because("a reel is ranked once"),

        // One stats row per entity: a second row would split the counter.
        Unique("user_stats_pkey", "user_stats"),
        Unique("post_stats_pkey", "post_stats"),
        Unique("comment_stats_pkey", "comment_stats"),
        Unique("reel_stats_pkey", "reel_stats"),
        Unique("igtv_stats_pkey", "igtv_stats"),
        Unique("story_stats_pkey", "story_stats"),
        Unique("story_poll_stats_pkey", "story_poll_stats"),
        Unique("story_slider_stats_pkey", "story_slider_stats"),
        Unique("story_quiz_stats_pkey", "story_quiz_stats"),
        Unique("hashtag_stats_pkey", "hashtag_stats"),
        Unique("music_track_stats_pkey", "music_track_stats"),
        Unique("audio_track_stats_pkey", "audio_track_stats"),
        Unique("live_stream_stats_pkey", "live_stream_stats"),

        // Other rules
        Unique("users_email_key", "users", "email = upper((SELECT email FROM users WHERE id = @a))").Because("case-insensitive"),
        Unique("users_username_key", "users", "username = (SELECT username FROM users WHERE id = @a)"),
        Unique("uploads_blob_name_key", "uploads", "blob_name = (SELECT blob_name FROM uploads WHERE id = @up1)"),
        Unique("post_media_upload_id_key", "post_media", "upload_id = @up1").Because("one upload backs one media item"),
        Unique("post_media_post_order_key", "post_media", "display_order = 0"),
        Unique("stories_upload_id_key", "stories", "upload_id = @up2"),
        Unique("reels_upload_id_key", "reels", "upload_id = @up3"),
        Unique("igtv_videos_upload_id_key", "igtv_videos", "upload_id = @up4"),
        Unique("igtv_videos_thumbnail_upload_id_key", "igtv_videos", "thumbnail_upload_id = @up8").Because("one upload backs one cover"),
        Unique("igtv_series_cover_upload_id_key", "igtv_series", "cover_upload_id = @up7").Because("one upload backs one cover"),
        Unique("reels_thumbnail_upload_id_key", "reels", "thumbnail_upload_id = @up9").Because("one upload backs one cover"),
        Unique("igtv_videos_series_position_key", "igtv_videos", "series_position = (SELECT series_position FROM igtv_videos WHERE id = @video)")
            .Because("two videos in one place of a series"),
        Unique("messages_upload_id_key", "messages", "message_type = 'image'", "content = NULL", "media_blob_name = 'dm/2'",
            "upload_id = @up5"),
        Unique("conversations_direct_key_key", "conversations", "is_group = false", "group_name = NULL",
            "direct_key = (SELECT direct_key FROM conversations WHERE id = @conversation)").Because("one thread per pair"),
        Unique("live_streams_stream_key_hash_key", "live_streams",
            "stream_key_hash = (SELECT stream_key_hash FROM live_streams WHERE id = @stream)"),
        Unique("live_streams_one_live_per_user", "live_streams", "status = 'live'", "started_at = now()", "last_heartbeat_at = now()")
            .After(RowTemplates.Insert("live_streams", "status = 'live'", "started_at = now()", "last_heartbeat_at = now()")),
        Unique("product_images_pkey", "product_images", "position = 0").Because("one photo per position"),
        Unique("product_images_upload_key", "product_images", "upload_id = @up6").Because("one upload backs one photo"),
        Unique("products_seller_sku_key", "products", "sku = (SELECT sku FROM products WHERE id = @product)"),
        Unique("collections_user_name_key", "collections", "name = upper((SELECT name FROM collections WHERE id = @collection))")
            .Because("case-insensitive, per owner"),
        Unique("highlights_user_order_key", "highlights", "display_order = 0"),
        Unique("hashtags_name_key", "hashtags", "name = (SELECT name FROM hashtags WHERE id = @hashtag)"),
        Unique("reports_once_per_reporter_key", "reports", "target_id = (SELECT target_id FROM reports WHERE id = @report)",
            "reason = 'scam'"),
    ];
}
