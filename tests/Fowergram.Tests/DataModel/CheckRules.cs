using static Fowergram.Tests.DataModel.RuleCase;

namespace Fowergram.Tests.DataModel;

/// <summary>Every CHECK constraint of the data model, each refused by at least one bad row.</summary>
internal static class CheckRules
{
    private static string Long(int length) => $"repeat('x', {length})";
    private const string SameId = "'11111111-1111-4111-8111-111111111111'";
    private const string FreshDirectKey = "gen_random_uuid()::text || ':' || gen_random_uuid()::text";

    public static readonly IReadOnlyList<RuleCase> All =
    [
        // users (0001): the seed's genders and profile categories among them
        Check("users_bio_check", "users", $"bio = {Long(151)}"),
        Check("users_business_info_check", "users", "business_info = '[]'::jsonb"),
        Check("users_email_check", "users", "email = 'no-at-sign'"),
        Check("users_external_links_check", "users", "external_links = '{}'::jsonb"),
        Check("users_full_name_check", "users", $"full_name = {Long(65)}"),
        Check("users_purge_only_when_deleted", "users", "purge_started_at = now()").Because("purge of a live account"),
        Check("users_purge_only_when_deleted", "users", "deleted_at = now()", "purge_started_at = now() - interval '1 day'")
            .Because("purge before the deletion"),
        Check("users_purge_quiet_after_start", "users", "purge_quiet_at = now()").Because("quiet without a start"),
        Check("users_gender_check", "users", "gender = 'unknown'"),
        Check("users_phone_number_check", "users", "phone_number = '12345'"),
        Check("users_profile_category_check", "users", "profile_category = 'celebrity'"),
        Check("users_username_check", "users", "username = 'Upper Case'"),
        Check("users_avatar_with_upload", "users", "avatar_upload_id = @up1", "avatar = 'https://elsewhere.example/a.jpg'"),
        Check("user_activities_activity_type_check", "user_activities", "activity_type = 'Post Create'"),
        Check("user_activities_entity_type_check", "user_activities", "entity_type = 'Post'"),
        Check("user_activities_metadata_check", "user_activities", "metadata = '[]'::jsonb"),

        // social graph
        Check("follows_not_self", "follows", "follower_id = @a", "following_id = @a"),
        Check("follow_requests_not_self", "follow_requests", "requester_id = @c", "target_id = @c"),
        Check("blocks_not_self", "blocks", "blocker_id = @a", "blocked_id = @a"),
        Check("mutes_not_self", "mutes", "muter_id = @b", "muted_id = @b"),
        Check("mutes_mutes_something", "mutes", "muter_id = @b", "muted_id = @c", "mute_posts = false", "mute_stories = false"),
        Check("close_friends_not_self", "close_friends", "user_id = @a", "friend_id = @a"),

        // uploads
        Check("uploads_actual_size_check", "uploads", "actual_size = -1"),
        Check("uploads_blob_name_check", "uploads", "blob_name = '../escape'"),
        Check("uploads_content_type_check", "uploads", "content_type = 'application/x-msdownload'"),
        Check("uploads_cleaned_size_smaller", "uploads", "cleaned_size = 1000").Because("not smaller than the declared size"),
        Check("uploads_cleaned_size_smaller", "uploads", "cleaned_size = 0").Because("empty"),
        Check("uploads_declared_size_check", "uploads", "declared_size = 0"),
        Check("uploads_expiry_after_creation", "uploads", "expires_at = now() - interval '1 minute'"),
        Check("uploads_purpose_check", "uploads", "purpose = 'banner'"),
        Check("uploads_released_only_when_used", "uploads", "released_at = now()"),
        Check("uploads_rejection_has_reason", "uploads", "status = 'rejected'").Because("rejected without reason"),
        Check("uploads_rejection_has_reason", "uploads", "rejection_reason = 'too big'").Because("reason on a pending upload"),
        Check("uploads_status_check", "uploads", "status = 'deleted'"),
        Check("uploads_used_at_iff_used", "uploads", "status = 'used'").Because("used without used_at"),
        Check("uploads_used_at_iff_used", "uploads", "used_at = now()").Because("used_at on a pending upload"),

        // music and audio
        Check("music_tracks_album_check", "music_tracks", $"album = {Long(201)}"),
        Check("music_tracks_artist_check", "music_tracks", "artist = ''"),
        Check("music_tracks_cover_art_url_check", "music_tracks", "cover_art_url = 'http://insecure.example/x.jpg'"),
        Check("music_tracks_duration_check", "music_tracks", "duration = 0"),
        Check("music_tracks_genre_check", "music_tracks", $"genre = {Long(51)}"),
        Check("music_tracks_preview_url_check", "music_tracks", "preview_url = 'ftp://example/x.mp3'"),
        Check("music_tracks_title_check", "music_tracks", "title = ''"),
        Check("audio_tracks_artist_check", "audio_tracks", "artist = ''"),
        Check("audio_tracks_duration_check", "audio_tracks", "duration = -1"),
        Check("audio_tracks_title_check", "audio_tracks", $"title = {Long(201)}"),

        // posts and media
        Check("posts_caption_check", "posts", $"caption = {Long(2201)}"),
        Check("posts_location_check", "posts", "location = ''"),
        Check("post_media_alt_text_check", "post_media", $"alt_text = {Long(1001)}"),
        Check("post_media_display_order_check", "post_media", "display_order = 20"),
        Check("post_media_duration_check", "post_media", "media_type = 'video'", "duration = -1"),
        Check("post_media_duration_only_for_video", "post_media", "media_type = 'image'", "duration = 5"),
        Check("post_media_file_size_check", "post_media", "file_size = 0"),
        Check("post_media_height_check", "post_media", "height = 0"),
        Check("post_media_media_type_check", "post_media", "media_type = 'gif'"),
        Check("post_media_width_check", "post_media", "width = -1"),
        Check("media_user_tags_x_coordinate_check", "media_user_tags", "user_id = @c", "x_coordinate = 1.01"),
        Check("media_user_tags_y_coordinate_check", "media_user_tags", "user_id = @c", "y_coordinate = -0.01"),

        // stories
        Check("stories_alt_text_check", "stories", $"alt_text = {Long(1001)}"),
        Check("stories_audience_check", "stories", "audience = 'friends'"),
        Check("stories_duration_check", "stories", "duration = -1"),
        Check("stories_expiry_after_creation", "stories", "expires_at = now()"),
        Check("stories_media_type_check", "stories", "media_type = 'gif'"),
        Check("stories_music_start_time_check", "stories", "music_start_time = -1"),

        // reels and long-form video
        Check("reels_caption_check", "reels", $"caption = {Long(2201)}"),
        Check("reels_duration_check", "reels", "duration = 0"),
        Check("reels_height_check", "reels", "height = 0"),
        Check("reels_width_check", "reels", "width = 0"),
        Check("igtv_series_description_check", "igtv_series", $"description = {Long(2201)}"),
        Check("igtv_series_title_check", "igtv_series", "title = ''"),
        Check("igtv_videos_description_check", "igtv_videos", $"description = {Long(2201)}"),
        Check("igtv_videos_duration_check", "igtv_videos", "duration = 0"),
        Check("igtv_videos_published_at_iff_published", "igtv_videos", "is_published = true").Because("published without published_at"),
        Check("igtv_videos_published_at_iff_published", "igtv_videos", "published_at = now()").Because("published_at on a draft"),
        Check("igtv_videos_title_check", "igtv_videos", $"title = {Long(101)}"),

        // comments and story interactions
        Check("comments_content_check", "comments", "content = ''"),
        Check("comments_content_check", "comments", $"content = {Long(2201)}").Because("too long"),
        Check("comments_not_own_parent", "comments", $"id = {SameId}", $"parent_id = {SameId}"),
        Check("reel_comments_content_check", "reel_comments", "content = ''"),
        Check("reel_views_played_after_first_view", "reel_views", "first_viewed_at = now()", "last_played_at = now() - interval '1 minute'"),
        Check("reel_comments_not_own_parent", "reel_comments", $"id = {SameId}", $"parent_id = {SameId}"),
        Check("story_polls_distinct_options", "story_polls", "option1 = 'Same'", "option2 = 'Same'"),
        Check("story_polls_option1_check", "story_polls", "option1 = ''"),
        Check("story_polls_option2_check", "story_polls", $"option2 = {Long(51)}"),
        Check("story_polls_question_check", "story_polls", "question = ''"),
        Check("story_poll_votes_option_selected_check", "story_poll_votes", "user_id = @c", "option_selected = 3"),
        Check("story_poll_votes_option_selected_check", "story_poll_votes", "user_id = @c", "option_selected = 0").Because("option 0"),
        Check("story_questions_question_text_check", "story_questions", "question_text = ''"),
        Check("story_question_responses_response_text_check", "story_question_responses", $"response_text = {Long(501)}"),
        Check("story_reactions_reaction_type_check", "story_reactions", "user_id = @c", "reaction_type = 'love'"),

        // messaging
        Check("conversations_direct_key_check", "conversations", "is_group = false", "group_name = NULL", "direct_key = 'not-a-key'"),
        Check("conversations_direct_key_iff_one_to_one", "conversations", "is_group = false", "group_name = NULL")
            .Because("one-to-one without key"),
        Check("conversations_direct_key_iff_one_to_one", "conversations", $"direct_key = {FreshDirectKey}").Because("group with key"),
        Check("conversations_group_fields_only_for_groups", "conversations", "is_group = false", $"direct_key = {FreshDirectKey}"),
        Check("conversations_group_name_check", "conversations", "group_name = ''"),
        Check("conversation_participants_left_after_joining", "conversation_participants", "user_id = @c",
            "left_at = now() - interval '1 hour'"),
        Check("conversation_participants_status_check", "conversation_participants", "user_id = @c", "status = 'pending'"),
        Check("conversation_participants_read_mark_whole", "conversation_participants", "user_id = @c", "read_through_at = now()")
            .Because("position without message"),
        Check("conversation_participants_read_mark_whole", "conversation_participants", "user_id = @c", "read_through_at = now()",
            "read_through_id = gen_random_uuid()").Because("position without the time it was read"),
        Check("messages_content_check", "messages", "content = ''"),
        Check("messages_media_iff_media_type", "messages", "message_type = 'image'", "content = NULL").Because("image without media"),
        Check("messages_media_iff_media_type", "messages", "media_blob_name = 'dm/2'").Because("text with media"),
        Check("messages_message_type_check", "messages", "message_type = 'sticker'"),
        Check("messages_shared_post_only_for_post_share", "messages", "shared_post_id = @post"),
        Check("messages_shared_story_only_for_story_share", "messages", "shared_story_id = @story"),
        Check("messages_text_has_content", "messages", "content = NULL"),

        // live
        Check("live_streams_description_check", "live_streams", $"description = {Long(2201)}"),
        Check("live_streams_ended_at_iff_over", "live_streams", "status = 'ended'", "started_at = now()"),
        Check("live_streams_ends_after_start", "live_streams", "status = 'ended'", "started_at = now()",
            "ended_at = now() - interval '1 hour'"),
        Check("live_streams_hls_url_check", "live_streams", "hls_url = 'http://cdn.example/live.m3u8'"),
        Check("live_streams_rtmp_url_check", "live_streams", "rtmp_url = 'http://ingest.example/app'"),
        Check("live_streams_started_unless_scheduled", "live_streams", "status = 'live'"),
        Check("live_streams_status_check", "live_streams", "status = 'paused'"),
        Check("live_streams_title_check", "live_streams", "title = ''"),
        Check("live_stream_viewers_left_after_joining", "live_stream_viewers", "user_id = @c", "left_at = now() - interval '1 hour'"),
        Check("live_stream_viewers_watch_duration_check", "live_stream_viewers", "user_id = @c", "watch_duration = -1"),
        Check("live_comments_content_check", "live_comments", $"content = {Long(301)}"),

        // shopping and organisation
        Check("products_brand_check", "products", $"brand = {Long(101)}"),
        Check("products_category_check", "products", $"category = {Long(101)}"),
        Check("products_currency_check", "products", "currency = 'eur'"),
        Check("products_currency_check", "products", "currency = 'EURO'").Because("four letters"),
        Check("products_description_check", "products", $"description = {Long(5001)}"),
        Check("products_image_blob_names_check", "products", "image_blob_names = '{}'::jsonb"),
        Check("products_image_blob_names_retired", "products", "image_blob_names = '[\"photos/1\"]'::jsonb")
            .Because("photos live in product_images"),
        Check("product_images_position_check", "product_images", "position = 10").Because("at most 10 photos"),
        Check("products_name_check", "products", "name = ''"),
        Check("products_price_check", "products", "price = -0.01"),
        Check("products_sku_check", "products", "sku = ''"),
        Check("products_stock_quantity_check", "products", "stock_quantity = -1"),
        Check("post_product_tags_x_coordinate_check", "post_product_tags", "x_coordinate = 1.5"),
        Check("post_product_tags_y_coordinate_check", "post_product_tags", "y_coordinate = -0.5"),
        Check("collections_description_check", "collections", $"description = {Long(501)}"),
        Check("collections_name_check", "collections", "name = ''"),
        Check("highlights_display_order_check", "highlights", "display_order = -1"),
        Check("highlights_title_check", "highlights", "title = ''"),

        // discovery
        Check("hashtags_name_check", "hashtags", "name = ''"),
        Check("hashtags_name_lower_case", "hashtags", "name = 'Travel'"),
        Check("hashtags_name_no_space_or_hash", "hashtags", "name = 'two words'"),
        Check("hashtags_name_no_space_or_hash", "hashtags", "name = '#tag'").Because("hash sign"),
        Check("search_history_search_term_check", "search_history", "search_term = ''"),
        Check("search_history_search_type_check", "search_history", "search_type = 'place'"),
        Check("reports_details_check", "reports", $"details = {Long(2001)}"),
        Check("reports_reason_check", "reports", "reason = 'boring'"),
        Check("reports_resolution_notes_check", "reports", $"resolution_notes = {Long(2001)}"),
        Check("reports_resolved_at_iff_closed", "reports", "status = 'actioned'").Because("closed without resolved_at"),
        Check("reports_resolved_at_iff_closed", "reports", "resolved_at = now()").Because("resolved_at on an open report"),
        Check("reports_status_check", "reports", "status = 'closed'"),
        Check("reports_target_type_check", "reports", "target_type = 'planet'"),

        // counters: never negative
        Check("user_stats_post_count_check", "user_stats", "post_count = -1"),
        Check("user_stats_follower_count_check", "user_stats", "follower_count = -1"),
        Check("user_stats_following_count_check", "user_stats", "following_count = -1"),
        Check("post_stats_like_count_check", "post_stats", "like_count = -1"),
        Check("post_stats_comment_count_check", "post_stats", "comment_count = -1"),
        Check("explore_candidates_score_check", "explore_candidates", "score = -1"),
        Check("comment_stats_like_count_check", "comment_stats", "like_count = -1"),
        Check("comment_stats_reply_count_check", "comment_stats", "reply_count = -1"),
        Check("reel_stats_view_count_check", "reel_stats", "view_count = -1"),
        Check("reel_stats_play_count_check", "reel_stats", "play_count = -1"),
        Check("reel_stats_like_count_check", "reel_stats", "like_count = -1"),
        Check("reel_stats_comment_count_check", "reel_stats", "comment_count = -1"),
        Check("reel_stats_share_count_check", "reel_stats", "share_count = -1"),
        Check("reel_stats_save_count_check", "reel_stats", "save_count = -1"),
        Check("igtv_stats_view_count_check", "igtv_stats", "view_count = -1"),
        Check("igtv_stats_like_count_check", "igtv_stats", "like_count = -1"),
        Check("igtv_stats_comment_count_check", "igtv_stats", "comment_count = -1"),
        Check("igtv_stats_share_count_check", "igtv_stats", "share_count = -1"),
        Check("story_stats_view_count_check", "story_stats", "view_count = -1"),
        Check("story_stats_reaction_count_check", "story_stats", "reaction_count = -1"),
        Check("story_poll_stats_option1_votes_check", "story_poll_stats", "option1_votes = -1"),
        Check("story_poll_stats_option2_votes_check", "story_poll_stats", "option2_votes = -1"),
        Check("hashtag_stats_post_count_check", "hashtag_stats", "post_count = -1"),
        Check("music_track_stats_usage_count_check", "music_track_stats", "usage_count = -1"),
        Check("audio_track_stats_usage_count_check", "audio_track_stats", "usage_count = -1"),
        Check("live_stream_stats_viewer_count_check", "live_stream_stats", "viewer_count = -1"),
        Check("live_stream_stats_max_viewer_count_check", "live_stream_stats", "max_viewer_count = -1"),
        Check("live_stream_stats_comment_count_check", "live_stream_stats", "comment_count = -1"),
        Check("live_stream_stats_peak_covers_current", "live_stream_stats", "viewer_count = 5", "max_viewer_count = 3"),

        // notifications (partitioned: the rule holds in every partition)
        Check("notifications_actor_unless_system", "notifications", "type = 'system'").Because("system notice with an actor"),
        Check("notifications_actor_unless_system", "notifications", "actor_id = NULL").Because("like without an actor"),
        Check("notifications_entity_complete", "notifications", "entity_id = NULL"),
        Check("notifications_entity_type_check", "notifications", "entity_type = 'album'"),
        Check("notifications_message_check", "notifications", $"message = {Long(501)}"),
        Check("notifications_not_self", "notifications", "actor_id = @a"),
        Check("notifications_type_check", "notifications", "type = 'poke'"),
    ];
}
