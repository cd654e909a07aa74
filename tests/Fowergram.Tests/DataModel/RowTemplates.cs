namespace Fowergram.Tests.DataModel;

/// <summary>
/// One valid row per table, written as SQL value expressions over the ids of a <see cref="World"/>
/// (@a, @post, ...). Keys default to gen_random_uuid(), so a template inserted again is a fresh row;
/// rule cases override one or two columns with bad values.
/// </summary>
internal static class RowTemplates
{
    private const string FreshId = "gen_random_uuid()";
    private const string FreshHex = "replace(gen_random_uuid()::text, '-', '')";

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByTable =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["users"] = Row($"id = {FreshId}", $"email = {FreshHex} || '@example.test'",
                $"username = 'u' || left({FreshHex}, 29)", "hashed_password = 'not-a-real-hash'"),
            ["user_activities"] = Row($"id = {FreshId}", "user_id = @a", "activity_type = 'post.create'", "created_at = now()"),

            ["follows"] = Row("follower_id = @b", "following_id = @a"),
            ["follow_requests"] = Row("requester_id = @b", "target_id = @c"),
            ["blocks"] = Row("blocker_id = @c", "blocked_id = @b"),
            ["mutes"] = Row("muter_id = @a", "muted_id = @b"),
            ["close_friends"] = Row("user_id = @a", "friend_id = @b"),
            ["account_notification_settings"] = Row("follower_id = @b", "following_id = @a", "posts = true"),

            ["uploads"] = Row($"id = {FreshId}", "user_id = @a", "purpose = 'post'", "content_type = 'image/jpeg'",
                "declared_size = 1000", $"blob_name = 'uploads/' || {FreshId}", "expires_at = now() + interval '15 minutes'"),
            ["music_tracks"] = Row($"id = {FreshId}", "title = 'Song'", "artist = 'Artist'", "duration = 180"),
            ["audio_tracks"] = Row($"id = {FreshId}", "title = 'Sound'", "artist = 'Artist'",
                "audio_blob_name = 'audio/1'", "duration = 30"),
            ["posts"] = Row($"id = {FreshId}", "user_id = @a", "caption = 'hello'", "location = 'Phuket'"),
            ["post_media"] = Row($"id = {FreshId}", "post_id = @post", "upload_id = @spare_upload", "blob_name = 'media/1'",
                "media_type = 'image'", "display_order = (SELECT coalesce(max(display_order), -1) + 1 FROM post_media WHERE post_id = @post)"),
            ["deleted_post_media"] = Row($"id = {FreshId}", "post_id = @post", "user_id = @a", "upload_id = @spare_upload", "blob_name = 'media/9'",
                "media_type = 'image'", "display_order = 3", "created_at = now()", "deleted_at = now()", "restorable_until = now() + interval '30 days'"),
            ["media_user_tags"] = Row("media_id = @media", "user_id = @b", "x_coordinate = 0.5", "y_coordinate = 0.5"),
            ["stories"] = Row($"id = {FreshId}", "user_id = @a", "upload_id = @spare_upload", "blob_name = 'stories/1'",
                "media_type = 'image'", "audience = 'followers'", "music_track_id = @track", "music_start_time = 10",
                "expires_at = now() + interval '24 hours'"),
            ["story_views"] = Row("story_id = @story", "viewer_id = @b"),
            ["reels"] = Row($"id = {FreshId}", "user_id = @a", "upload_id = @spare_upload", "video_blob_name = 'reels/1'",
                "audio_track_id = @audio", "duration = 15"),
            ["igtv_series"] = Row($"id = {FreshId}", "user_id = @a", "title = 'Series'"),
            ["igtv_videos"] = Row($"id = {FreshId}", "user_id = @a", "series_id = @series", "upload_id = @spare_upload",
                "series_position = (SELECT coalesce(max(series_position), 0) + 1 FROM igtv_videos WHERE series_id = @series)", "title = 'Video'", "video_blob_name = 'videos/1'", "duration = 600"),

            ["likes"] = Row("user_id = @b", "post_id = @post"),
            ["comments"] = Row($"id = {FreshId}", "post_id = @post", "user_id = @b", "content = 'nice'"),
            ["comment_likes"] = Row("user_id = @a", "comment_id = @comment"),
            ["reel_likes"] = Row("user_id = @b", "reel_id = @reel"),
            ["reel_views"] = Row("reel_id = @reel", "user_id = @b"),
            ["igtv_views"] = Row("video_id = @video", "user_id = @b"),
            ["igtv_likes"] = Row("video_id = @video", "user_id = @b"),
            ["igtv_comments"] = Row($"id = {FreshId}", "video_id = @video", "user_id = @b", "content = 'wow'"),
            ["reel_comments"] = Row($"id = {FreshId}", "reel_id = @reel", "user_id = @b", "content = 'wow'"),
            ["reel_comment_likes"] = Row("user_id = @a", "comment_id = @reel_comment"),
            ["saved_reels"] = Row("user_id = @b", "reel_id = @reel"),
            ["reel_recommendations"] = Row("reel_id = @reel", "score = 3", "reel_created_at = now()", "ranked_at = now()"),
            ["reel_product_tags"] = Row("reel_id = @reel", "product_id = @product"),
            ["igtv_comment_likes"] = Row("user_id = @a", "comment_id = @video_comment"),
            ["post_mentions"] = Row("post_id = @post", "user_id = @b"),
            ["comment_mentions"] = Row("comment_id = @comment", "user_id = @a"),
            ["add_yours_prompts"] = Row($"id = {FreshId}", "user_id = @a", "prompt = 'Your pet'"),
            ["story_polls"] = Row($"id = {FreshId}", "story_id = @story", "question = 'Which?'", "option1 = 'Yes'", "option2 = 'No'"),
            ["story_poll_votes"] = Row("poll_id = @poll", "user_id = @b", "option_selected = 1"),
            ["story_sliders"] = Row($"id = {FreshId}", "story_id = @story", "question = 'How much?'", "emoji = '🔥'"),
            ["story_slider_responses"] = Row("slider_id = @slider", "user_id = @b", "value = 0.5"),
            ["story_quizzes"] = Row($"id = {FreshId}", "story_id = @story", "question = 'Capital?'", "option1 = 'Rome'", "option2 = 'Oslo'",
                "option3 = 'Lima'", "correct_option = 2"),
            ["story_quiz_answers"] = Row("quiz_id = @quiz", "user_id = @b", "option_selected = 1"),
            ["story_countdowns"] = Row($"id = {FreshId}", "story_id = @story", "title = 'Launch'", "ends_at = now() + interval '1 day'"),
            ["story_countdown_reminders"] = Row("countdown_id = @countdown", "user_id = @b"),
            ["story_questions"] = Row($"id = {FreshId}", "story_id = @story", "question_text = 'Ask me'"),
            ["story_question_responses"] = Row($"id = {FreshId}", "question_id = @question", "user_id = @b", "response_text = 'hi'"),
            ["story_reactions"] = Row("story_id = @story", "user_id = @b", "reaction_type = 'fire'"),

            ["conversations"] = Row($"id = {FreshId}", "is_group = true", "group_name = 'Group'", "created_by = @a"),
            ["conversation_participants"] = Row("conversation_id = @conversation", "user_id = @a"),
            ["messages"] = Row($"id = {FreshId}", "conversation_id = @conversation", "sender_id = @a",
                "message_type = 'text'", "content = 'hello'"),
            ["live_comment_mutes"] = Row("stream_id = @stream", "user_id = @b"),
            ["favorites"] = Row("user_id = @a", "favorite_id = @b"),
            ["restrictions"] = Row("restricter_id = @a", "restricted_id = @b"),
            ["story_hidden_viewers"] = Row("owner_id = @a", "viewer_id = @b"),
            ["saved_audio"] = Row("user_id = @a", "audio_track_id = @audio"),
            ["hidden_words"] = Row("user_id = @a", "word = 'spoiler'"),
            // clock_timestamp(): (user_id, changed_at) is unique, and now() repeats within the world's transaction.
            ["username_changes"] = Row($"id = {FreshId}", "user_id = @a", $"old_username = 'o' || left({FreshHex}, 29)",
                $"new_username = 'n' || left({FreshHex}, 29)", "changed_at = clock_timestamp()"),
            // Confirmed, so that templates never meet the world's pending change (one pending per account).
            ["email_changes"] = Row($"id = {FreshId}", "user_id = @a", "old_email = 'old@example.com'",
                $"new_email = 'new-' || left({FreshHex}, 12) || '@example.com'", "confirmed_at = now()"),
            ["moderators"] = Row("user_id = @a"),
            ["notes"] = Row($"id = {FreshId}", "user_id = @a", "text = 'hello'", "audience = 'mutuals'", "expires_at = now() + interval '1 day'"),
            ["note_likes"] = Row("note_id = @note", "user_id = @b"),
            ["account_suspensions"] = Row($"id = {FreshId}", "user_id = @b", "suspended_by = @a", "report_id = @report", "reason = 'spam'"),
            ["account_two_factor"] = Row("user_id = @a", "secret_sealed = decode(repeat('ab', 48), 'hex')"),
            ["two_factor_recovery_codes"] = Row("user_id = @a", "code_hash = repeat('a', 64)"),
            ["suspension_appeals"] = Row($"id = {FreshId}", "user_id = @b", "suspension_id = @suspension", "suspended_at = now()", "message = 'not spam'"),
            ["account_presence"] = Row("user_id = @a", "last_active_at = now()"),
            ["account_limits"] = Row("user_id = @a", "non_followers = true", "recent_followers = false", "until = now() + interval '1 day'"),
            ["message_reactions"] = Row("message_id = @message", "user_id = @b", "emoji = '❤️'"),
            // Keyed by its message: the world's is @removed_msg's, so a rule case's row takes @message's free key.
            ["removed_messages"] = Row("message_id = @message", "message_type = 'text'", "content = 'hello'", "is_edited = false",
                "reactions = '[{\"userId\": \"11111111-1111-4111-8111-111111111111\", \"emoji\": \"❤️\"}]'::jsonb", "removed_at = now()",
                "held_until = now() + interval '30 days'"),
            ["live_streams"] = Row($"id = {FreshId}", "user_id = @a", "title = 'Live'", $"stream_key_hash = {FreshHex}",
                "status = 'scheduled'", "scheduled_at = now() + interval '1 day'"),
            ["live_stream_viewers"] = Row("stream_id = @stream", "user_id = @b"),
            ["live_reminders"] = Row("stream_id = @stream", "user_id = @b"),
            ["live_stream_removals"] = Row("stream_id = @stream", "user_id = @c"),
            ["live_comments"] = Row($"id = {FreshId}", "stream_id = @stream", "user_id = @b", "content = 'hey'"),

            ["products"] = Row($"id = {FreshId}", "user_id = @a", "name = 'Mug'", "price = 12.50", "currency = 'EUR'",
                $"sku = 'sku-' || left({FreshHex}, 12)"),
            ["product_images"] = Row("product_id = @product", "upload_id = @spare_upload",
                "position = (SELECT coalesce(max(position), -1) + 1 FROM product_images WHERE product_id = @product)"),
            ["post_product_tags"] = Row("post_id = @post", "product_id = @product", "x_coordinate = 0.3", "y_coordinate = 0.7"),
            ["wishlists"] = Row("user_id = @b", "product_id = @product"),
            ["collections"] = Row($"id = {FreshId}", "user_id = @b", $"name = 'Saved ' || {FreshHex}"),
            ["collection_posts"] = Row("collection_id = @collection", "post_id = @post"),
            ["highlights"] = Row($"id = {FreshId}", "user_id = @a", "title = 'Trips'",
                "display_order = (SELECT coalesce(max(display_order), -1) + 1 FROM highlights WHERE user_id = @a)"),
            ["highlight_stories"] = Row("highlight_id = @highlight", "story_id = @story", "user_id = @a"),
            ["deleted_highlight_stories"] = Row("highlight_id = @highlight", "story_id = @story", "user_id = @a", "added_at = now()",
                "was_cover = false", "deleted_at = now()"),

            ["hashtags"] = Row($"id = {FreshId}", $"name = 'tag' || {FreshHex}"),
            ["post_hashtags"] = Row("post_id = @post", "hashtag_id = @hashtag", "author_id = @a",
                "post_created_at = (SELECT created_at FROM posts WHERE id = @post)"),
            ["reel_hashtags"] = Row("reel_id = @reel", "hashtag_id = @hashtag", "reel_created_at = (SELECT created_at FROM reels WHERE id = @reel)"),
            ["hashtag_follows"] = Row("user_id = @b", "hashtag_id = @hashtag"),
            ["search_history"] = Row($"id = {FreshId}", "user_id = @b", "search_type = 'user'", "search_term = 'ali'"),
            ["reposts"] = Row("user_id = @b", "post_id = @post", "created_at = now()"),
            ["broadcast_channels"] = Row($"id = {FreshId}", "owner_id = @a", "name = 'Drops'", "created_at = now() - interval '1 day'",
                "updated_at = now() - interval '1 day'"),
            ["broadcast_channel_members"] = Row("channel_id = @channel", "user_id = @b", "joined_at = now() - interval '1 hour'", "last_read_at = now()"),
            ["broadcast_channel_hosts"] = Row("channel_id = @channel", "user_id = @b", "invited_at = now() - interval '1 hour'", "accepted_at = now()"),
            ["broadcast_channel_messages"] = Row($"id = {FreshId}", "channel_id = @channel", "sender_id = @a", "content = 'hello'", "created_at = now()"),
            ["broadcast_channel_scheduled_messages"] = Row($"id = {FreshId}", "channel_id = @channel", "sender_id = @a", "publish_at = now() + interval '1 day'",
                "content = 'later'", "created_at = now()"),
            ["broadcast_channel_votes"] = Row("message_id = @channel_poll", "user_id = @b", "option_index = 1", "voted_at = now()"),
            ["broadcast_channel_reactions"] = Row("message_id = @channel_message", "user_id = @b", "emoji = '🔥'", "created_at = now()"),
            // Keyed by its message: the world's is @removed_channel_msg's, so a rule case's row takes @channel_poll's free key.
            ["removed_channel_messages"] = Row("message_id = @channel_poll", "content = 'hello'", "removed_at = now()",
                "held_until = now() + interval '30 days'"),
            ["reel_reposts"] = Row("user_id = @b", "reel_id = @reel", "created_at = now()"),
            ["post_collaborators"] = Row("post_id = @post", "user_id = @b", "invited_at = now() - interval '1 hour'", "accepted_at = now()"),
            ["live_stream_guests"] = Row("stream_id = @stream", "user_id = @c", "status = 'invited'", "invited_at = now() - interval '1 minute'"),
            ["content_removals"] = Row("report_id = @report", "owner_id = @b", "target_type = 'post'", "target_id = @post2",
                "removed_at = now() - interval '1 hour'", "appealable_until = now() + interval '30 days'"),
            ["reports"] = Row($"id = {FreshId}", "reporter_id = @b", "target_type = 'post'", $"target_id = {FreshId}", "reason = 'spam'"),

            ["user_stats"] = Row("user_id = @a"),
            ["post_stats"] = Row("post_id = @post"),
            ["comment_stats"] = Row("comment_id = @comment"),
            ["reel_stats"] = Row("reel_id = @reel"),
            ["igtv_stats"] = Row("video_id = @video"),
            ["story_stats"] = Row("story_id = @story"),
            ["story_poll_stats"] = Row("poll_id = @poll"),
            ["story_slider_stats"] = Row("slider_id = @slider"),
            ["story_quiz_stats"] = Row("quiz_id = @quiz"),
            ["hashtag_stats"] = Row("hashtag_id = @hashtag"),
            ["music_track_stats"] = Row("track_id = @track"),
            ["audio_track_stats"] = Row("track_id = @audio"),
            ["live_stream_stats"] = Row("stream_id = @stream"),

            ["feed_entries"] = Row("user_id = @b", "post_id = @post", "author_id = @a",
                "created_at = (SELECT created_at FROM posts WHERE id = @post)"),
            ["discovery_hidden_authors"] = Row("user_id = @a", "author_id = @b", "created_at = now()"),
            ["suggestion_dismissals"] = Row("user_id = @a", "dismissed_id = @b", "created_at = now()"),
            ["profile_visits"] = Row("user_id = @a", "day = current_date", "visitor_id = @b"),
            ["account_time_spent"] = Row("user_id = @a", "day = (now() AT TIME ZONE 'UTC')::date", "minutes = 5", "last_minute = date_trunc('minute', now())"),
            ["follower_losses"] = Row("user_id = @a", "follower_id = @b", "lost_at = now()"),
            ["two_factor_trusted_devices"] = Row($"id = {FreshId}", "user_id = @a", $"token_hash = {FreshHex} || {FreshHex}", "device = 'phone'", "created_at = now()",
                "last_used_at = now()", "expires_at = now() + interval '90 days'"),
            ["passkeys"] = Row($"id = {FreshId}", "user_id = @a", $"credential_id = decode({FreshHex}, 'hex')", "public_key = decode('a5010203262001', 'hex')",
                "sign_count = 0", $"aaguid = {FreshId}", "transports = '{internal,hybrid}'", "backed_up = false", "name = 'My phone'", "created_at = now()",
                "last_used_at = now()"),
            ["push_subscriptions"] = Row($"id = {FreshId}", "user_id = @a", $"endpoint = 'https://fcm.googleapis.com/fcm/send/' || {FreshHex}",
                "p256dh = '\\x04'::bytea || decode(repeat('ab', 64), 'hex')", "auth = decode(repeat('cd', 16), 'hex')", "created_at = now()"),
            ["push_deliveries"] = Row("notification_id = @notification", "notification_created_at = (SELECT created_at FROM notifications WHERE id = @notification)",
                "subscription_id = @push_subscription", "due_at = now()"),
            ["push_preferences"] = Row("user_id = @a", "likes = 'following'", "comments = 'everyone'", "mentions = 'off'", "follows = 'everyone'",
                "followed_accounts = 'everyone'", "shopping = 'off'", "updated_at = now()"),
            ["push_message_deliveries"] = Row("message_id = @message", "subscription_id = @push_subscription", "due_at = now()"),
            // The trigger fans out every message posted; a removed one is not, so the template's own row is its.
            ["push_channel_fanouts"] = Row("message_id = @removed_channel_msg", "created_at = now()"),
            ["push_channel_deliveries"] = Row("message_id = @channel_message", "subscription_id = @push_subscription", "due_at = now()"),
            ["passkey_challenges"] = Row($"id = {FreshId}", "purpose = 'registration'", "user_id = @a", "challenge = decode(repeat('ab', 32), 'hex')",
                "created_at = now()", "expires_at = now() + interval '5 minutes'"),
            ["address_throttles"] = Row("kind = 'sign_in'", "subject = repeat('ab', 32)", "window_starts_at = now()", "requests = 1"),
            ["post_impressions"] = Row("post_id = @post", "viewer_id = @b", "follower = true", "first_seen_at = now()", "last_seen_at = now()", "impressions = 1"),
            ["post_reach"] = Row("post_id = @post", "accounts = 1", "follower_accounts = 1", "impressions = 1", "settled_at = now()"),
            ["mail_throttles"] = Row("kind = 'password_reset'", "subject = repeat('ab', 32)", "window_starts_at = now()", "requests = 1"),
            ["login_throttles"] = Row("user_id = @a", "failure_count = 1", "window_starts_at = now()"),
            ["refresh_tokens"] = Row($"id = {FreshId}", "user_id = @a", $"family_id = {FreshId}", $"token_hash = {FreshHex} || {FreshHex}",
                "expires_at = now() + interval '30 days'", "device = 'phone'"),
            ["email_verifications"] = Row($"id = {FreshId}", "user_id = @a", $"token_hash = {FreshHex} || {FreshHex}",
                "expires_at = now() + interval '1 day'"),
            ["password_resets"] = Row($"id = {FreshId}", "user_id = @a", $"token_hash = {FreshHex} || {FreshHex}",
                "expires_at = now() + interval '1 hour'"),
            ["email_change_reverts"] = Row($"id = {FreshId}", "email_change_id = @email_change", $"token_hash = {FreshHex} || {FreshHex}",
                "expires_at = now() + interval '14 days'"),
            ["explore_dismissals"] = Row("user_id = @b", "post_id = @post", "created_at = now()"),
            ["reel_dismissals"] = Row("user_id = @b", "reel_id = @reel", "created_at = now()"),
            ["scheduled_posts"] = Row($"id = {FreshId}", "user_id = @a", "publish_at = now() + interval '1 day'", "request = '{\"media\": []}'",
                "created_at = now()", "updated_at = now()"),
            ["scheduled_reels"] = Row($"id = {FreshId}", "user_id = @a", "publish_at = now() + interval '1 day'", "request = '{}'",
                "upload_id = @spare_upload", "object_name = 'reels/scheduled'", "width = 1080", "height = 1920", "duration_seconds = 15",
                "created_at = now()", "updated_at = now()"),
            ["scheduled_post_media"] = Row("scheduled_post_id = @scheduled", "position = 1", "upload_id = @spare_upload", "width = 1080", "height = 1350"),
            ["explore_candidates"] = Row("post_id = @post", "user_id = @a", "post_created_at = (SELECT created_at FROM posts WHERE id = @post)",
                "score = 3", "ranked_at = now()"),
            ["notification_read_marks"] = Row("user_id = @a", "read_through = 0"),
            ["feed_readers"] = Row("user_id = @b", "complete_since = now() - interval '7 days'"),
            ["feed_large_authors"] = Row("user_id = @a", "follower_count = 100000", "last_post_at = now()"),
            ["post_counter_state"] = Row("post_id = @post", "counted = true", "hashtag_ids = ARRAY[@hashtag]::uuid[]", "updated_at = now()"),
            ["saved_posts"] = Row("user_id = @b", "post_id = @post"),
            ["story_mentions"] = Row("story_id = @story", "user_id = @b"),

            // The event pipeline's bookkeeping: no foreign keys (an event outlives what it names).
            ["outbox"] = Row($"id = {FreshId}", "type = 'post.created'", "actor_id = @a", "payload = '{\"postId\": \"x\"}'::jsonb", "occurred_at = now()"),
            ["event_deliveries"] = Row("consumer = 'feed'", $"event_id = {FreshId}", "envelope = '{}'::jsonb", "next_attempt_at = now()"),
            ["processed_events"] = Row("consumer = 'feed'", $"event_id = {FreshId}"),
            ["dead_letters"] = Row($"id = {FreshId}", "consumer = 'feed'", $"event_id = {FreshId}", "event_type = 'post.created'", "envelope = '{}'::jsonb",
                "error = 'boom'", "delivery_count = 5", "dead_lettered_at = now()"),
            ["notifications"] = Row($"id = {FreshId}", "user_id = @a", "actor_id = @b", "type = 'like'",
                "entity_type = 'post'", "entity_id = @post"),
        };

    /// <summary>INSERT of the table's template with some columns replaced ("column = sql expression").</summary>
    public static string Insert(string table, params string[] overrides)
    {
        var values = new Dictionary<string, string>(ByTable[table]);
        foreach (var (column, sql) in overrides.Select(Split)) values[column] = sql;
        return $"INSERT INTO {table} ({string.Join(", ", values.Keys)}) VALUES ({string.Join(", ", values.Values)})";
    }

    private static Dictionary<string, string> Row(params string[] assignments) =>
        assignments.Select(Split).ToDictionary(p => p.Column, p => p.Sql);

    private static (string Column, string Sql) Split(string assignment)
    {
        var at = assignment.IndexOf('=');
        return (assignment[..at].Trim(), assignment[(at + 1)..].Trim());
    }
}
