using System.Text.Json;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Each list query of the API (docs/data-model.md, "index-to-query map") is served by its index in
/// keyset order: the plan reads the named index and never sorts. The test tables are tiny and their
/// statistics move as other tests run, so the planner is told to avoid sequential scans, bitmap scans
/// and sorts (it still uses them when nothing else can answer): what remains is whether an index
/// delivers the rows in the requested order. Trigram searches keep bitmap scans, GIN's only kind.
/// The plans are taken on a freshly migrated database of the test's own: on the shared one, the
/// statistics (and so the planner's pick between two indexes that both fit) depend on what other
/// tests happened to insert.
/// </summary>
public sealed class IndexPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    public sealed class FreshSchema : IAsyncLifetime
    {
        public ScratchDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Database = await TestDatabase.CreateScratchAsync();
            await new Fowergram.Platform.Data.Migrator(Database.DataSource).MigrateAsync();
        }

        public async Task DisposeAsync() => await Database.DisposeAsync();
    }

    private const string Id = "'0190f3a0-0000-7000-8000-000000000001'";
    private const string Cursor = "('2030-01-01T00:00:00Z'::timestamptz, '0190f3a0-0000-7000-8000-000000000002'::uuid)";

    public static TheoryData<string, string> ListQueries => new()
    {
        { "posts_author_timeline", $"SELECT id FROM posts WHERE user_id = {Id} AND deleted_at IS NULL AND NOT is_archived AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "feed_entries_pkey", $"SELECT post_id FROM feed_entries WHERE user_id = {Id} AND (created_at, post_id) < {Cursor} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        { "feed_large_shares_pkey", $"SELECT post_id FROM feed_large_shares WHERE user_id = {Id} AND (created_at, post_id) < {Cursor} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        // The large accounts that posted or shared since a page's oldest entry (FeedSql.Recent's big: both ranges, as a bitmap there).
        { "feed_large_authors_last_post", "SELECT user_id FROM feed_large_authors WHERE last_post_at >= '2030-01-01T00:00:00Z'::timestamptz ORDER BY last_post_at" },
        { "feed_large_authors_last_shared", "SELECT user_id FROM feed_large_authors WHERE last_shared_at >= '2030-01-01T00:00:00Z'::timestamptz ORDER BY last_shared_at" },
        { "comments_post_top_level", $"SELECT id FROM comments WHERE post_id = {Id} AND parent_id IS NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "comments_thread", $"SELECT id FROM comments WHERE post_id = {Id} AND parent_id = {Id} AND (created_at, id) > {Cursor} ORDER BY created_at, id LIMIT 20" },
        { "reel_comments_reel_top_level", $"SELECT id FROM reel_comments WHERE reel_id = {Id} AND parent_id IS NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "likes_post", $"SELECT user_id FROM likes WHERE post_id = {Id} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "reel_likes_reel", $"SELECT user_id FROM reel_likes WHERE reel_id = {Id} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "follows_followers", $"SELECT follower_id FROM follows WHERE following_id = {Id} ORDER BY created_at DESC, follower_id DESC LIMIT 20" },
        { "follows_following", $"SELECT following_id FROM follows WHERE follower_id = {Id} ORDER BY created_at DESC, following_id DESC LIMIT 20" },
        { "follow_requests_target", $"SELECT requester_id FROM follow_requests WHERE target_id = {Id} ORDER BY created_at DESC, requester_id DESC LIMIT 20" },
        { "messages_shared_reel", $"SELECT count(*) FROM messages WHERE shared_reel_id = {Id}" },
        { "messages_shared_video", $"SELECT count(*) FROM messages WHERE shared_video_id = {Id}" },
        { "conversation_participants_pinned", $"SELECT conversation_id FROM conversation_participants WHERE user_id = {Id} AND pinned_at IS NOT NULL AND left_at IS NULL ORDER BY pinned_at DESC, conversation_id DESC LIMIT 3" },
        { "messages_vanishing", "SELECT id FROM messages WHERE vanishes ORDER BY created_at, id LIMIT 200" },
        { "removed_messages_held_until", "SELECT message_id FROM removed_messages WHERE held_until <= now() ORDER BY held_until LIMIT 200" },
        { "messages_conversation", $"SELECT id FROM messages WHERE conversation_id = {Id} AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "notifications_unread", $"SELECT id FROM notifications WHERE user_id = {Id} AND NOT is_read AND seq > 5 ORDER BY seq LIMIT 100" },
        { "stories_author_active", $"SELECT id FROM stories WHERE user_id = {Id} AND deleted_at IS NULL AND expires_at > now()" },
        { "stories_product", $"SELECT id FROM stories WHERE product_id = {Id}" },
        { "stories_add_yours", $"SELECT id FROM stories WHERE add_yours_prompt_id = {Id} AND created_at > now() - interval '1 day' AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "stories_shared_post", $"SELECT id FROM stories WHERE shared_post_id = {Id}" },
        { "stories_shared_reel", $"SELECT id FROM stories WHERE shared_reel_id = {Id}" },
        { "stories_shared_story", $"SELECT id FROM stories WHERE shared_story_id = {Id}" },
        { "stories_add_yours_live", $"SELECT count(*) FROM stories WHERE add_yours_prompt_id = {Id} AND deleted_at IS NULL" },
        { "add_yours_prompts_user", $"SELECT id FROM add_yours_prompts WHERE user_id = {Id}" },
        { "stories_author_archive", $"SELECT id FROM stories WHERE user_id = {Id} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "story_views_story", $"SELECT viewer_id FROM story_views WHERE story_id = {Id} ORDER BY viewed_at DESC, viewer_id DESC LIMIT 20" },
        { "reel_comments_pinned", $"SELECT id FROM reel_comments WHERE reel_id = {Id} AND pinned_at IS NOT NULL ORDER BY pinned_at DESC, id DESC" },
        { "igtv_comments_pinned", $"SELECT id FROM igtv_comments WHERE video_id = {Id} AND pinned_at IS NOT NULL ORDER BY pinned_at DESC, id DESC" },
        { "comments_post_pinned", $"SELECT id FROM comments WHERE post_id = {Id} AND pinned_at IS NOT NULL ORDER BY pinned_at DESC, id DESC" },
        { "live_comment_mutes_user", $"SELECT stream_id FROM live_comment_mutes WHERE user_id = {Id} ORDER BY created_at DESC, stream_id DESC LIMIT 20" },
        { "favorites_favorite", $"SELECT user_id FROM favorites WHERE favorite_id = {Id}" },
        { "restrictions_restricted", $"SELECT restricter_id FROM restrictions WHERE restricted_id = {Id}" },
        { "restrictions_list", $"SELECT restricted_id FROM restrictions WHERE restricter_id = {Id} ORDER BY created_at DESC, restricted_id DESC LIMIT 20" },
        { "story_hidden_viewers_viewer", $"SELECT owner_id FROM story_hidden_viewers WHERE viewer_id = {Id}" },
        { "saved_audio_user_recent", $"SELECT audio_track_id FROM saved_audio WHERE user_id = {Id} AND (created_at, audio_track_id) < {Cursor} ORDER BY created_at DESC, audio_track_id DESC LIMIT 20" },
        { "saved_audio_track", $"SELECT user_id FROM saved_audio WHERE audio_track_id = {Id}" },
        { "email_changes_user", $"SELECT new_email, requested_at FROM email_changes WHERE user_id = {Id} ORDER BY requested_at DESC" },
        { "email_verifications_change", $"SELECT id FROM email_verifications WHERE email_change_id = {Id}" },
        { "email_changes_held", """
            SELECT 1 FROM email_changes h WHERE lower(h.old_email) = 'held@example.com' AND h.confirmed_at IS NOT NULL AND h.reverted_at IS NULL
               AND h.confirmed_at > now() - interval '14 days'
            """ },
        { "account_notification_settings_list", $"SELECT following_id FROM account_notification_settings WHERE follower_id = {Id} AND (created_at, following_id) < {Cursor} ORDER BY created_at DESC, following_id DESC LIMIT 20" },
        { "account_notification_settings_following", $"SELECT follower_id FROM account_notification_settings WHERE following_id = {Id} AND stories" },
        { "email_change_reverts_change", $"SELECT id FROM email_change_reverts WHERE email_change_id = {Id}" },
        { "username_changes_user_recent", $"SELECT old_username, changed_at FROM username_changes WHERE user_id = {Id} ORDER BY changed_at DESC" },
        { "username_changes_old_username", $"SELECT 1 FROM username_changes WHERE old_username = 'sunset' AND changed_at > now() - interval '14 days' AND user_id IS DISTINCT FROM {Id}" },
        { "live_streams_pinned_comment", $"SELECT id FROM live_streams WHERE pinned_comment_id = {Id}" },
        { "story_slider_responses_recent", $"SELECT user_id FROM story_slider_responses WHERE slider_id = {Id} AND (created_at, user_id) < {Cursor} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "story_slider_responses_user", $"SELECT slider_id FROM story_slider_responses WHERE user_id = {Id}" },
        { "story_quiz_answers_recent", $"SELECT user_id FROM story_quiz_answers WHERE quiz_id = {Id} AND (created_at, user_id) < {Cursor} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "story_quiz_answers_user", $"SELECT quiz_id FROM story_quiz_answers WHERE user_id = {Id}" },
        { "story_countdowns_due", "SELECT id FROM story_countdowns WHERE notified_at IS NULL AND ends_at <= now() ORDER BY ends_at LIMIT 100" },
        { "story_countdown_reminders_user", $"SELECT countdown_id FROM story_countdown_reminders WHERE user_id = {Id}" },
        { "story_hidden_viewers_list", $"SELECT viewer_id FROM story_hidden_viewers WHERE owner_id = {Id} ORDER BY created_at DESC, viewer_id DESC LIMIT 20" },
        { "comments_post_held", $"SELECT id FROM comments WHERE post_id = {Id} AND held_at IS NOT NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "reel_comments_held", $"SELECT id FROM reel_comments WHERE reel_id = {Id} AND held_at IS NOT NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "igtv_comments_held", $"SELECT id FROM igtv_comments WHERE video_id = {Id} AND held_at IS NOT NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "message_reactions_user", $"SELECT message_id FROM message_reactions WHERE user_id = {Id} ORDER BY created_at DESC, message_id DESC LIMIT 20" },
        { "live_stream_removals_user", $"SELECT stream_id FROM live_stream_removals WHERE user_id = {Id} ORDER BY created_at DESC, stream_id DESC LIMIT 20" },
        { "live_reminders_user", $"SELECT stream_id FROM live_reminders WHERE user_id = {Id} ORDER BY created_at DESC, stream_id DESC LIMIT 20" },
        { "reel_hashtags_page", $"SELECT reel_id FROM reel_hashtags WHERE hashtag_id = {Id} AND (reel_created_at, reel_id) < {Cursor} ORDER BY reel_created_at DESC, reel_id DESC LIMIT 20" },
        { "reel_hashtags_page", $"SELECT count(*) FROM reel_hashtags WHERE hashtag_id = {Id}" }, // a hashtag's reel count (HashtagReelCounts)
        { "post_hashtags_page", $"SELECT post_id FROM post_hashtags WHERE hashtag_id = {Id} AND (post_created_at, post_id) < {Cursor} ORDER BY post_created_at DESC, post_id DESC LIMIT 20" },
        // A tag's uses by one author: the second probe of HashtagsSql.UsedVisiblyFor (the caller's own and followed accounts' posts).
        { "post_hashtags_author", $"SELECT post_id FROM post_hashtags WHERE hashtag_id = {Id} AND author_id = {Id} ORDER BY post_created_at DESC, post_id DESC LIMIT 20" },
        // A tag's reels by one author: the same probe's reels (migration 0268).
        { "reel_hashtags_author", $"SELECT reel_id FROM reel_hashtags WHERE hashtag_id = {Id} AND author_id = {Id} ORDER BY reel_created_at DESC, reel_id DESC LIMIT 20" },
        { "products_seller_shop", $"SELECT id FROM products WHERE user_id = {Id} AND is_available AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "products_seller_unavailable", $"SELECT id FROM products WHERE user_id = {Id} AND NOT is_available AND deleted_at IS NULL AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "post_product_tags_product", $"SELECT post_id FROM post_product_tags WHERE product_id = {Id} AND (created_at, post_id) < {Cursor} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        { "wishlists_user_recent", $"SELECT product_id FROM wishlists WHERE user_id = {Id} AND (created_at, product_id) < {Cursor} ORDER BY created_at DESC, product_id DESC LIMIT 20" },
        { "reels_author_timeline", $"SELECT id FROM reels WHERE user_id = {Id} AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "explore_candidates_rank", "SELECT post_id FROM explore_candidates ORDER BY score DESC, post_created_at DESC, post_id DESC LIMIT 20" },
        { "discovery_hidden_authors_pkey", $"SELECT created_at FROM discovery_hidden_authors WHERE user_id = {Id} AND author_id = {Id}" },
        { "profile_visits_pkey", $"SELECT count(DISTINCT visitor_id) FROM profile_visits WHERE user_id = {Id} AND day > current_date - 30" },
        { "two_factor_trusted_devices_user", $"SELECT id FROM two_factor_trusted_devices WHERE user_id = {Id} ORDER BY last_used_at DESC, id DESC" },
        { "two_factor_trusted_devices_expires", "SELECT id FROM two_factor_trusted_devices WHERE expires_at < now()" },
        { "passkeys_user", $"SELECT credential_id, transports FROM passkeys WHERE user_id = {Id} ORDER BY created_at, id" },
        { "passkeys_credential_unique", "SELECT id, user_id, public_key, sign_count FROM passkeys WHERE credential_id = decode('0102', 'hex')" },
        { "push_subscriptions_user", $"SELECT id, endpoint FROM push_subscriptions WHERE user_id = {Id} ORDER BY created_at DESC" },
        { "push_subscriptions_endpoint_key", "SELECT id, user_id FROM push_subscriptions WHERE endpoint = 'https://fcm.googleapis.com/fcm/send/x'" },
        { "push_deliveries_pkey", $"SELECT due_at FROM push_deliveries WHERE notification_id = {Id} AND subscription_id = {Id}" },
        { "push_deliveries_due", "SELECT notification_id, subscription_id FROM push_deliveries WHERE due_at <= now() ORDER BY due_at LIMIT 100" },
        { "push_deliveries_subscription", $"SELECT notification_id FROM push_deliveries WHERE subscription_id = {Id}" },
        { "push_preferences_pkey", $"SELECT likes, comments FROM push_preferences WHERE user_id = {Id}" },
        { "push_folds_pkey", $"SELECT others FROM push_folds WHERE subscription_id = {Id} AND topic = 'abcdefghijklmnopqrstuvwxyz012345'" },
        { "push_folds_pushed", "SELECT ctid FROM push_folds WHERE pushed_at <= now() - interval '1 day'" },
        { "push_folds_actor", $"SELECT ctid FROM push_folds WHERE actor_id = {Id}" },
        { "push_message_deliveries_pkey", $"SELECT due_at FROM push_message_deliveries WHERE message_id = {Id} AND subscription_id = {Id}" },
        { "push_message_deliveries_due", "SELECT message_id, subscription_id FROM push_message_deliveries WHERE due_at <= now() ORDER BY due_at LIMIT 100" },
        { "push_message_deliveries_subscription", $"SELECT message_id FROM push_message_deliveries WHERE subscription_id = {Id}" },
        { "push_channel_fanouts_pkey", $"SELECT next_member FROM push_channel_fanouts WHERE message_id = {Id}" },
        { "push_channel_fanouts_created", "SELECT message_id, next_member FROM push_channel_fanouts ORDER BY created_at LIMIT 1" },
        { "push_channel_deliveries_pkey", $"SELECT due_at FROM push_channel_deliveries WHERE message_id = {Id} AND subscription_id = {Id}" },
        { "push_channel_deliveries_due", "SELECT message_id, subscription_id FROM push_channel_deliveries WHERE due_at <= now() ORDER BY due_at LIMIT 100" },
        { "push_channel_deliveries_subscription", $"SELECT message_id FROM push_channel_deliveries WHERE subscription_id = {Id}" },
        { "passkey_challenges_user", $"SELECT id FROM passkey_challenges WHERE user_id = {Id} AND purpose = 'registration'" },
        { "passkey_challenges_expires", "SELECT id FROM passkey_challenges WHERE expires_at <= now()" },
        { "address_throttles_pkey", "SELECT requests, window_starts_at FROM address_throttles WHERE kind = 'sign_in' AND subject = repeat('ab', 32)" },
        { "email_verifications_expiry", "SELECT ctid FROM email_verifications WHERE expires_at < now() - interval '1 day' LIMIT 500" },
        { "password_resets_expiry", "SELECT ctid FROM password_resets WHERE expires_at < now() - interval '1 day' LIMIT 500" },
        // Refused deletes (0251): the moderators' list newest first; each clean-up job's look-up of the thing it cleans.
        { "media_delete_failures_recent", $"SELECT id FROM media_delete_failures WHERE (first_failed_at, id) < {Cursor} ORDER BY first_failed_at DESC, id DESC LIMIT 21" },
        { "media_delete_failures_subject_unique", $"SELECT 1 FROM media_delete_failures WHERE subject_id = {Id} AND job = 'media-cleanup' AND (next_attempt_at IS NULL OR next_attempt_at > now())" },
        { "two_factor_reverts_user", $"SELECT id FROM two_factor_reverts WHERE user_id = {Id}" },
        { "two_factor_reverts_expiry", "SELECT ctid FROM two_factor_reverts WHERE expires_at < now() - interval '1 day' LIMIT 500" },
        { "email_change_reverts_expiry", "SELECT ctid FROM email_change_reverts WHERE expires_at < now() - interval '1 day' LIMIT 500" },
        { "login_throttles_window", "SELECT ctid FROM login_throttles WHERE window_starts_at <= now() - interval '15 minutes' LIMIT 500" },
        { "unknown_login_throttles_window", "SELECT ctid FROM unknown_login_throttles WHERE window_starts_at <= now() - interval '15 minutes' LIMIT 500" },
        { "unknown_login_throttles_pkey", "SELECT failure_count, locked_until FROM unknown_login_throttles WHERE subject = repeat('ab', 32)" },
        { "idempotency_keys_pkey", $"SELECT response_status FROM idempotency_keys WHERE user_id = {Id} AND idempotency_key = 'retry-1'" },
        { "idempotency_keys_expiry", "SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT 5000" },
        { "address_throttles_window", "SELECT subject FROM address_throttles WHERE window_starts_at <= now() - interval '10 minutes'" },
        { "post_impressions_pkey", $"SELECT count(*), sum(impressions) FROM post_impressions WHERE post_id = {Id}" },
        { "post_impressions_viewer", $"SELECT post_id FROM post_impressions WHERE viewer_id = {Id} ORDER BY first_seen_at" },
        { "post_impressions_post_created", "SELECT post_id FROM post_impressions WHERE post_created_at <= now() - interval '90 days' ORDER BY post_created_at LIMIT 5000" },
        { "post_reach_pkey", $"SELECT accounts FROM post_reach WHERE post_id = {Id}" },
        { "account_reach_pkey", $"SELECT last_day FROM account_reach WHERE owner_id = {Id} AND viewer_id = {Id}" },
        { "account_reach_window", $"SELECT count(*), count(*) FILTER (WHERE follower) FROM account_reach WHERE owner_id = {Id} AND last_day > current_date - 30" },
        { "account_reach_viewer", $"SELECT owner_id FROM account_reach WHERE viewer_id = {Id} ORDER BY last_day" },
        { "account_reach_day", "SELECT owner_id FROM account_reach WHERE last_day < current_date - 90" },
        { "saved_posts_user_recent", $"SELECT post_id FROM saved_posts WHERE user_id = {Id} AND (created_at, post_id) < {Cursor} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        { "saved_posts_post", $"SELECT count(*) FROM saved_posts WHERE post_id = {Id}" },
        { "outbox_unpublished", "SELECT id FROM outbox WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT 100" },
        { "outbox_published", "SELECT id FROM outbox WHERE published_at < now() - interval '7 days'" },
        { "event_deliveries_due", "SELECT consumer, event_id FROM event_deliveries WHERE next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now()) ORDER BY next_attempt_at LIMIT 100" },
        { "mail_throttles_window", "SELECT subject FROM mail_throttles WHERE window_starts_at <= now() - interval '1 hour'" },
        { "write_allowances_pkey", $"SELECT hour_used, day_used FROM write_allowances WHERE user_id = {Id} AND kind = 'comment'" },
        { "write_allowances_day", "SELECT ctid FROM write_allowances WHERE day_start <= now() - interval '1 day' AND hour_start <= now() - interval '1 hour' LIMIT 500" },
        { "refresh_tokens_user", $"SELECT family_id FROM refresh_tokens WHERE user_id = {Id} AND revoked_at IS NULL" },
        { "refresh_tokens_family", $"SELECT id FROM refresh_tokens WHERE family_id = {Id} AND revoked_at IS NULL" },
        { "refresh_tokens_family_key", "SELECT family_id FROM refresh_tokens WHERE family_key_hash = 'ab' AND revoked_at IS NULL LIMIT 1" },
        { "refresh_tokens_replaced_by", $"SELECT id FROM refresh_tokens WHERE replaced_by = {Id}" },
        { "refresh_tokens_rotated_expiry", "SELECT ctid FROM refresh_tokens WHERE rotated_at IS NOT NULL AND expires_at < now() - interval '1 day' LIMIT 500" },
        { "email_verifications_user", $"SELECT id FROM email_verifications WHERE user_id = {Id}" },
        { "password_resets_user", $"SELECT id FROM password_resets WHERE user_id = {Id} AND used_at IS NULL" },
        { "follower_losses_recent", $"SELECT follower_id FROM follower_losses WHERE user_id = {Id} AND lost_at > now() - interval '30 days' AND lost_at <= now()" },
        { "follower_losses_follower", $"SELECT user_id FROM follower_losses WHERE follower_id = {Id}" },
        { "follower_losses_lost_at", "SELECT user_id FROM follower_losses WHERE lost_at <= now() - interval '90 days'" },
        { "profile_visits_visitor", $"SELECT day FROM profile_visits WHERE visitor_id = {Id} ORDER BY day" },
        { "profile_visits_day", "SELECT user_id FROM profile_visits WHERE day < current_date - 90" },
        { "account_time_spent_pkey", $"SELECT minutes FROM account_time_spent WHERE user_id = {Id} AND day BETWEEN current_date - 6 AND current_date" },
        { "account_time_spent_day", "SELECT user_id FROM account_time_spent WHERE day < current_date - 90" },
        { "suggestion_dismissals_recent", $"SELECT dismissed_id FROM suggestion_dismissals WHERE user_id = {Id} AND (created_at, dismissed_id) < {Cursor} ORDER BY created_at DESC, dismissed_id DESC LIMIT 20" },
        { "suggestion_dismissals_pkey", $"SELECT created_at FROM suggestion_dismissals WHERE user_id = {Id} AND dismissed_id = {Id}" },
        { "user_suggestion_runs_pkey", $"SELECT computed_at FROM user_suggestion_runs WHERE user_id = {Id}" },
        { "user_suggestion_runs_due", "SELECT user_id FROM user_suggestion_runs WHERE due_at <= now() ORDER BY due_at LIMIT 10" },
        { "user_suggestions_pkey", $"SELECT suggested_id, mutual_ids FROM user_suggestions WHERE user_id = {Id} ORDER BY rank LIMIT 50" },
        { "user_suggestions_once", $"SELECT rank FROM user_suggestions WHERE user_id = {Id} AND suggested_id = {Id}" },
        { "user_suggestions_suggested", $"SELECT user_id FROM user_suggestions WHERE suggested_id = {Id}" },
        { "explore_dismissals_pkey", $"SELECT created_at FROM explore_dismissals WHERE user_id = {Id} AND post_id = {Id}" },
        { "reel_dismissals_pkey", $"SELECT created_at FROM reel_dismissals WHERE user_id = {Id} AND reel_id = {Id}" },
        { "posts_recently_deleted", $"SELECT id FROM posts WHERE user_id = {Id} AND restorable_until IS NOT NULL AND restorable_until > now() AND (deleted_at, id) < {Cursor} ORDER BY deleted_at DESC, id DESC LIMIT 20" },
        { "posts_media_to_purge", "SELECT id FROM posts WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until IS NULL AND media_held_until IS NULL AND deleted_at <= now() ORDER BY deleted_at LIMIT 100" },
        { "products_restorable_until", "SELECT id FROM products WHERE restorable_until <= now() ORDER BY restorable_until, id LIMIT 1000 FOR NO KEY UPDATE" },
        { "posts_media_holds_end", "SELECT id FROM posts WHERE media_held_until IS NOT NULL AND media_held_until <= now() AND deleted_at <= now() ORDER BY media_held_until LIMIT 100" },
        { "live_stream_guests_invited", $"SELECT stream_id FROM live_stream_guests WHERE user_id = {Id} AND status = 'invited' AND (invited_at, stream_id) < {Cursor} ORDER BY invited_at DESC, stream_id DESC LIMIT 20" },
        { "live_stream_guests_user", $"SELECT stream_id FROM live_stream_guests WHERE user_id = {Id}" },
        { "reposts_user_recent", $"SELECT post_id FROM reposts WHERE user_id = {Id} AND (created_at, post_id) < {Cursor} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        { "reel_reposts_user_recent", $"SELECT reel_id FROM reel_reposts WHERE user_id = {Id} AND (created_at, reel_id) < {Cursor} ORDER BY created_at DESC, reel_id DESC LIMIT 20" },
        { "reel_reposts_reel_recent", $"SELECT user_id FROM reel_reposts WHERE reel_id = {Id} AND (created_at, user_id) < {Cursor} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        // The following tab's walk of every repost newest first, down to a floor (ReelFollowingSql.Page).
        { "reel_reposts_recent", $"SELECT reel_id, user_id FROM reel_reposts WHERE created_at >= '2029-01-01T00:00:00Z'::timestamptz AND (created_at, reel_id) < {Cursor} ORDER BY created_at DESC, reel_id DESC LIMIT 40" },
        { "reposts_post_recent", $"SELECT user_id FROM reposts WHERE post_id = {Id} AND (created_at, user_id) < {Cursor} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "broadcast_channels_owner", $"SELECT id FROM broadcast_channels WHERE owner_id = {Id} AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "broadcast_channel_members_list", $"SELECT user_id FROM broadcast_channel_members WHERE channel_id = {Id} AND removed_at IS NULL AND (joined_at, user_id) < {Cursor} ORDER BY joined_at DESC, user_id DESC LIMIT 20" },
        { "broadcast_channel_members_user", $"SELECT channel_id FROM broadcast_channel_members WHERE user_id = {Id} ORDER BY joined_at DESC, channel_id DESC LIMIT 20" },
        { "broadcast_channel_hosts_user", $"SELECT channel_id FROM broadcast_channel_hosts WHERE user_id = {Id} AND accepted_at IS NULL AND (invited_at, channel_id) < {Cursor} ORDER BY invited_at DESC, channel_id DESC LIMIT 20" },
        { "broadcast_channel_messages_channel", $"SELECT id FROM broadcast_channel_messages WHERE channel_id = {Id} AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "broadcast_channel_messages_sender", $"SELECT id FROM broadcast_channel_messages WHERE sender_id = {Id}" },
        { "broadcast_channel_messages_reply_to", $"SELECT id FROM broadcast_channel_messages WHERE reply_to_id = {Id}" },
        { "broadcast_channel_messages_pins", $"SELECT id FROM broadcast_channel_messages WHERE channel_id = {Id} AND pinned_at IS NOT NULL ORDER BY pinned_at DESC, id DESC LIMIT 3" },
        { "broadcast_channel_members_removed", $"SELECT user_id FROM broadcast_channel_members WHERE channel_id = {Id} AND removed_at IS NOT NULL AND (removed_at, user_id) < {Cursor} ORDER BY removed_at DESC, user_id DESC LIMIT 20" },
        { "broadcast_channel_scheduled_messages_due", "SELECT id FROM broadcast_channel_scheduled_messages WHERE publish_at <= now() ORDER BY publish_at, id LIMIT 100" },
        { "broadcast_channel_scheduled_messages_channel", $"SELECT id FROM broadcast_channel_scheduled_messages WHERE channel_id = {Id} ORDER BY publish_at, id" },
        { "broadcast_channel_scheduled_messages_sender", $"SELECT id FROM broadcast_channel_scheduled_messages WHERE sender_id = {Id} ORDER BY publish_at, id" },
        { "broadcast_channel_votes_user", $"SELECT message_id FROM broadcast_channel_votes WHERE user_id = {Id}" },
        { "removed_channel_messages_held_until", "SELECT message_id FROM removed_channel_messages WHERE held_until <= now() ORDER BY held_until LIMIT 200" },
        { "broadcast_channel_reactions_user", $"SELECT message_id FROM broadcast_channel_reactions WHERE user_id = {Id}" },
        { "post_collaborators_user", $"SELECT post_id FROM post_collaborators WHERE user_id = {Id} AND accepted_at IS NOT NULL" },
        { "post_collaborators_pending", $"SELECT post_id FROM post_collaborators WHERE user_id = {Id} AND accepted_at IS NULL AND (invited_at, post_id) < {Cursor} ORDER BY invited_at DESC, post_id DESC LIMIT 20" },
        { "content_removals_owner", $"SELECT report_id FROM content_removals WHERE owner_id = {Id} AND (removed_at, report_id) < {Cursor} ORDER BY removed_at DESC, report_id DESC LIMIT 20" },
        { "content_removals_appeals", $"SELECT report_id FROM content_removals WHERE appeal_status = 'open' AND (appealed_at, report_id) > {Cursor} ORDER BY appealed_at, report_id LIMIT 20" },
        { "content_removals_decided_by", $"SELECT report_id FROM content_removals WHERE decided_by = {Id}" },
        { "reels_recently_deleted", $"SELECT id FROM reels WHERE user_id = {Id} AND restorable_until IS NOT NULL AND restorable_until > now() AND (deleted_at, id) < {Cursor} ORDER BY deleted_at DESC, id DESC LIMIT 20" },
        { "stories_recently_deleted", $"SELECT id FROM stories WHERE user_id = {Id} AND restorable_until IS NOT NULL AND restorable_until > now() AND (deleted_at, id) < {Cursor} ORDER BY deleted_at DESC, id DESC LIMIT 20" },
        { "igtv_videos_recently_deleted", $"SELECT id FROM igtv_videos WHERE user_id = {Id} AND restorable_until IS NOT NULL AND restorable_until > now() AND (deleted_at, id) < {Cursor} ORDER BY deleted_at DESC, id DESC LIMIT 20" },
        { "posts_restore_ends", "SELECT id FROM posts WHERE restorable_until IS NOT NULL AND restorable_until <= now() ORDER BY restorable_until LIMIT 100" },
        { "scheduled_posts_due", "SELECT id FROM scheduled_posts WHERE publish_at <= now() ORDER BY publish_at, id LIMIT 100" },
        { "scheduled_posts_user", $"SELECT id FROM scheduled_posts WHERE user_id = {Id} ORDER BY publish_at, id" },
        { "scheduled_reels_due", "SELECT id FROM scheduled_reels WHERE publish_at <= now() ORDER BY publish_at, id LIMIT 100" },
        { "scheduled_reels_user", $"SELECT id FROM scheduled_reels WHERE user_id = {Id} ORDER BY publish_at, id" },
        { "deleted_post_media_user", $"SELECT id FROM deleted_post_media WHERE user_id = {Id} AND restorable_until IS NOT NULL AND restorable_until > now() AND (deleted_at, id) < {Cursor} ORDER BY deleted_at DESC, id DESC LIMIT 20" },
        { "deleted_post_media_restore_ends", "SELECT id FROM deleted_post_media WHERE restorable_until <= now() ORDER BY restorable_until LIMIT 100" },
        { "deleted_post_media_post", $"SELECT id FROM deleted_post_media WHERE post_id = {Id}" },
        { "feed_large_shares_post", $"SELECT user_id FROM feed_large_shares WHERE post_id = {Id}" },
        { "deleted_highlight_stories_story", $"SELECT highlight_id FROM deleted_highlight_stories WHERE story_id = {Id}" },
        { "reel_recommendations_rank", "SELECT reel_id FROM reel_recommendations ORDER BY score DESC, reel_created_at DESC, reel_id DESC LIMIT 20" },
        { "posts_live_recent_utc", "SELECT id FROM posts WHERE deleted_at IS NULL AND NOT is_archived AND (created_at AT TIME ZONE 'UTC') > (now() AT TIME ZONE 'UTC') - interval '7 days' AND (created_at AT TIME ZONE 'UTC') <= (now() AT TIME ZONE 'UTC') ORDER BY (created_at AT TIME ZONE 'UTC') DESC, id DESC LIMIT 20000" },
        { "reels_trials_running", "SELECT id FROM reels WHERE trial_status = 'running' AND trial_ends_at <= now() ORDER BY trial_ends_at, id LIMIT 200" },
        { "reels_author_trials", $"SELECT id FROM reels WHERE user_id = {Id} AND trial_status IS NOT NULL AND deleted_at IS NULL AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "reels_live_recent", $"SELECT id FROM reels WHERE deleted_at IS NULL AND created_at > now() - interval '7 days' AND created_at <= now() ORDER BY created_at DESC, id DESC LIMIT 2000" },
        { "reel_views_pkey", $"SELECT last_played_at FROM reel_views WHERE reel_id = {Id} AND user_id = {Id}" },
        { "reels_hashtags_pending", "SELECT id FROM reels WHERE NOT hashtags_indexed ORDER BY id LIMIT 200" },
        { "reels_audio_track", $"SELECT id FROM reels WHERE audio_track_id = {Id} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "reels_place_recent", $"SELECT id FROM reels WHERE lower(location) = 'chiang mai' AND location IS NOT NULL AND deleted_at IS NULL AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "reels_remixes", $"SELECT id FROM reels WHERE remix_of_id = {Id} AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "igtv_views_pkey", $"SELECT viewed_at FROM igtv_views WHERE video_id = {Id} AND user_id = {Id}" },
        { "igtv_comments_video_top_level", $"SELECT id FROM igtv_comments WHERE video_id = {Id} AND parent_id IS NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "igtv_likes_video", $"SELECT user_id FROM igtv_likes WHERE video_id = {Id} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "saved_reels_user_recent", $"SELECT reel_id FROM saved_reels WHERE user_id = {Id} AND (created_at, reel_id) < {Cursor} ORDER BY created_at DESC, reel_id DESC LIMIT 20" },
        { "reel_product_tags_product", $"SELECT reel_id FROM reel_product_tags WHERE product_id = {Id} AND (created_at, reel_id) < {Cursor} ORDER BY created_at DESC, reel_id DESC LIMIT 20" },
        { "saved_reels_reel", $"SELECT count(*) FROM saved_reels WHERE reel_id = {Id}" },
        { "reel_comment_likes_comment", $"SELECT count(*) FROM reel_comment_likes WHERE comment_id = {Id}" },
        { "igtv_comment_likes_comment", $"SELECT count(*) FROM igtv_comment_likes WHERE comment_id = {Id}" },
        { "igtv_videos_drafts", $"SELECT id FROM igtv_videos WHERE user_id = {Id} AND NOT is_published AND deleted_at IS NULL AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "igtv_videos_series_position_key", $"SELECT id FROM igtv_videos WHERE series_id = {Id} AND deleted_at IS NULL AND series_position > 3 ORDER BY series_position LIMIT 20" },
        // series-housekeeping's look-up of series still placing a video that can never come back (SeriesSql.HoldingGone).
        { "igtv_videos_series_deleted", "SELECT DISTINCT series_id FROM igtv_videos WHERE series_id IS NOT NULL AND deleted_at IS NOT NULL AND NOT coalesce(restorable_until > now(), false) LIMIT 100" },
        { "igtv_videos_channel", $"SELECT id FROM igtv_videos WHERE user_id = {Id} AND is_published AND deleted_at IS NULL ORDER BY published_at DESC, id DESC LIMIT 20" },
        // The following tab's walk of every published video newest first (VideoReadSql.Following).
        { "igtv_videos_published_recent", $"SELECT id, user_id FROM igtv_videos WHERE is_published AND deleted_at IS NULL AND (published_at, id) < {Cursor} ORDER BY published_at DESC, id DESC LIMIT 40" },
        { "collection_posts_recent", $"SELECT post_id FROM collection_posts WHERE collection_id = {Id} ORDER BY added_at DESC, post_id DESC LIMIT 20" },
        { "posts_place_recent", $"SELECT id FROM posts WHERE lower(location) = 'chiang mai' AND location IS NOT NULL AND deleted_at IS NULL AND NOT is_archived AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "media_user_tags_user", $"SELECT media_id FROM media_user_tags WHERE user_id = {Id} ORDER BY created_at DESC, media_id DESC LIMIT 20" },
        { "reel_mentions_user", $"SELECT reel_id FROM reel_mentions WHERE user_id = {Id} ORDER BY created_at DESC, reel_id DESC LIMIT 20" },
        { "post_mentions_user", $"SELECT post_id FROM post_mentions WHERE user_id = {Id} ORDER BY created_at DESC, post_id DESC LIMIT 20" },
        { "search_history_user", $"SELECT id FROM search_history WHERE user_id = {Id} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "live_comments_stream", $"SELECT id FROM live_comments WHERE stream_id = {Id} ORDER BY created_at DESC, id DESC LIMIT 50" },
        { "live_comments_held", $"SELECT id FROM live_comments WHERE stream_id = {Id} AND held_at IS NOT NULL AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "notes_music_track", $"SELECT id FROM notes WHERE music_track_id = {Id}" },
        // story-expiry's sweep of removed notes whose hold for an appeal has ended (NoteExpirySweep).
        { "notes_held_until", "SELECT ctid FROM notes WHERE held_until <= now()" },
        { "posts_music_track", $"SELECT id FROM posts WHERE music_track_id = {Id}" },
        { "posts_music_recent", "SELECT music_track_id FROM posts WHERE music_track_id IS NOT NULL AND deleted_at IS NULL AND NOT is_archived AND created_at > now() - interval '7 days' AND created_at <= now() ORDER BY created_at, music_track_id LIMIT 50" },
        { "note_likes_user", $"SELECT note_id FROM note_likes WHERE user_id = {Id}" },
        { "reports_reporter", $"SELECT id FROM reports WHERE reporter_id = {Id} AND (created_at, id) < {Cursor} ORDER BY created_at DESC, id DESC LIMIT 20" },
        { "account_suspensions_recent", $"SELECT user_id FROM account_suspensions WHERE (created_at, user_id) < {Cursor} ORDER BY created_at DESC, user_id DESC LIMIT 20" },
        { "account_suspensions_until", "SELECT user_id FROM account_suspensions WHERE until <= now() ORDER BY until LIMIT 500" },
        { "account_suspensions_suspended_by", $"SELECT user_id FROM account_suspensions WHERE suspended_by = {Id}" },
        { "account_suspensions_report", $"SELECT user_id FROM account_suspensions WHERE report_id = {Id}" },
        { "posts_pinned", $"SELECT id FROM posts WHERE user_id = {Id} AND pinned_at IS NOT NULL ORDER BY pinned_at DESC LIMIT 3" },
        { "reel_hashtags_recent", "SELECT hashtag_id FROM reel_hashtags WHERE reel_created_at > now() - interval '1 day' AND reel_created_at <= now()" },
        { "suspension_appeals_queue", $"SELECT id FROM suspension_appeals WHERE status = 'open' AND (created_at, id) > {Cursor} ORDER BY created_at, id LIMIT 20" },
        { "suspension_appeals_user", $"SELECT id FROM suspension_appeals WHERE user_id = {Id}" },
        { "suspension_appeals_decided_by", $"SELECT id FROM suspension_appeals WHERE decided_by = {Id}" },
        { "refresh_tokens_revoked_recent", "SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at > now() - interval '16 minutes'" },
        { "reports_queue", "SELECT id FROM reports WHERE status IN ('open', 'reviewing') ORDER BY created_at, id LIMIT 50" },
        { "uploads_pending_expiry", "SELECT id FROM uploads WHERE status = 'pending' AND expires_at < now() ORDER BY expires_at LIMIT 500" },
        { "users_username_trgm", "SELECT id FROM users WHERE deleted_at IS NULL AND is_active AND username ILIKE '%sunset%'" },
        { "users_full_name_trgm", "SELECT id FROM users WHERE deleted_at IS NULL AND is_active AND full_name ILIKE '%sunset%'" },
        // Account search's candidates (DiscoverySql.Search): the nearest matches first, a walk of the GiST index that stops after them.
        { "users_username_nearest", "SELECT id FROM users WHERE deleted_at IS NULL AND is_active AND username LIKE '%sunset%' ORDER BY username <-> 'sunset' LIMIT 100" },
        { "users_full_name_nearest", "SELECT id FROM users WHERE deleted_at IS NULL AND is_active AND full_name ILIKE '%sunset%' ORDER BY full_name <-> 'sunset' LIMIT 100" },
        { "hashtags_name_trgm", "SELECT id FROM hashtags WHERE name ILIKE '%sunset%'" },
        { "posts_location_trgm", "SELECT id FROM posts WHERE location ILIKE '%phuket%' AND deleted_at IS NULL AND NOT is_archived" },
        { "posts_caption_words", "SELECT id FROM posts WHERE to_tsvector('simple', caption) @@ websearch_to_tsquery('simple', 'sunset beach') AND deleted_at IS NULL AND NOT is_archived" },
        { "reels_caption_words", "SELECT id FROM reels WHERE to_tsvector('simple', caption) @@ websearch_to_tsquery('simple', 'sunset') AND deleted_at IS NULL" },
        { "igtv_videos_words", "SELECT id FROM igtv_videos WHERE to_tsvector('simple', title || ' ' || description) @@ websearch_to_tsquery('simple', 'cooking') AND deleted_at IS NULL AND is_published" },
        { "products_words", "SELECT id FROM products WHERE to_tsvector('simple', name || ' ' || description) @@ websearch_to_tsquery('simple', 'mug') AND deleted_at IS NULL AND is_available" },
        { "broadcast_channels_words", "SELECT id FROM broadcast_channels WHERE to_tsvector('simple', name || ' ' || coalesce(description, '')) @@ websearch_to_tsquery('simple', 'drops') AND ended_at IS NULL AND removed_at IS NULL" },
        { "broadcast_channels_live", "SELECT id FROM broadcast_channels WHERE ended_at IS NULL AND removed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 200" },
        { "broadcast_channel_members_recent", "SELECT channel_id, count(*) FROM broadcast_channel_members WHERE joined_at > now() - interval '7 days' AND removed_at IS NULL GROUP BY channel_id" },
        { "reels_location_trgm", "SELECT id FROM reels WHERE location ILIKE '%phuket%' AND location IS NOT NULL AND deleted_at IS NULL" },
        { "messages_content_trgm", "SELECT id FROM messages WHERE content ILIKE '%pineapple%' ESCAPE '\\'" },
    };

    private static readonly Dictionary<string, string[]> SetAside = new()
    {
        ["posts_location_trgm"] = ["posts_place_recent", "posts_live_recent_utc"],
        // The GiST indexes of 0234 serve the same LIKE, and on an empty table either kind, even walked whole, costs nothing.
        ["users_username_trgm"] = ["users_username_nearest", "users_full_name_nearest"],
        ["users_full_name_trgm"] = ["users_username_nearest", "users_full_name_nearest"],
        ["reels_location_trgm"] = ["reels_place_recent", "reels_live_recent"],
        ["posts_caption_words"] = ["posts_live_recent_utc"],
        ["reels_caption_words"] = ["reels_live_recent"],
        // On an empty table the published channel and the available shop (predicates implied by the search's) cost nothing to walk.
        ["igtv_videos_words"] = ["igtv_videos_channel", "igtv_videos_published_recent"],
        // All published videos newest first (the following tab's walk): a channel's predicates imply it, as reels_live_recent's below.
        ["igtv_videos_channel"] = ["igtv_videos_published_recent"],
        // Since 0217 the SKU key covers live products only, an index the search's predicates imply as well.
        ["products_words"] = ["products_seller_shop", "products_seller_sku_key"],
        // Live channels newest first (suggestions' candidates): the search's predicates imply it, as posts_live_recent_utc's above.
        ["broadcast_channels_words"] = ["broadcast_channels_live"],
        // reels_live_recent's predicate (deleted_at IS NULL) is implied by the reels tab's query; on an empty table walking it costs nothing.
        ["reels_author_timeline"] = ["reels_live_recent"],
        // The author's trials are a few of their reels: the timeline would walk all of them (its predicate is implied too).
        ["reels_author_trials"] = ["reels_author_timeline", "reels_live_recent"],
        // Both lead with hashtag_id; on an empty table the author index (0268), a column wider, ties for a tag's reel count.
        ["reel_hashtags_page"] = ["reel_hashtags_author"],
        // reels_id_user_key (0268, the key reel_hashtags_reel_fkey needs) is in id order too, wider than the primary key; on an
        // empty table it ties with the partial index.
        ["reels_hashtags_pending"] = ["reels_id_user_key"],
    };

    [Theory]
    [MemberData(nameof(ListQueries))]
    public async Task List_query_reads_its_index_without_sorting(string index, string query)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // A GIN index (trigrams, caption words) is read by a bitmap scan, and its query has no order of its own.
        await conn.ExecuteAsync(index.EndsWith("_trgm", StringComparison.Ordinal) || index.EndsWith("_words", StringComparison.Ordinal)
            ? "SET LOCAL enable_seqscan = off"
            : "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off",
            transaction: tx);
        // On these empty tables a whole B-tree whose partial predicate the query implies costs next to nothing, so the
        // planner walks it rather than a GIN index (posts_place_recent: ILIKE implies location IS NOT NULL). Such an
        // index is set aside inside the transaction, which rolls back: the question is whether the named index serves.
        foreach (var other in SetAside.GetValueOrDefault(index, []))
        {
            // An index that backs a constraint (a unique key a foreign key references) goes with its constraint.
            var table = await conn.ExecuteScalarAsync<string?>("SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = @other",
                new { other }, tx);
            await conn.ExecuteAsync(table is null ? $"DROP INDEX {other}" : $"ALTER TABLE {table} DROP CONSTRAINT {other} CASCADE", transaction: tx);
        }
        var json = await conn.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) {query}", transaction: tx);
        var nodes = PlanTree.Nodes(json!).ToList();

        var indexes = nodes.Where(n => n.TryGetProperty("Index Name", out _)).Select(n => n.GetProperty("Index Name").GetString()!).ToList();
        // A partitioned table's index is read through its per-partition copies (notifications_2025_01_user_id_seq_idx).
        Assert.True(indexes.Count > 0 && indexes.All(i => i == index || IsPartitionCopy(index, i)),
            $"Expected {index}, the plan reads [{string.Join(", ", indexes)}]:\n{json}");
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() is "Sort" or "Incremental Sort");
        await tx.RollbackAsync();
    }

    private static bool IsPartitionCopy(string index, string partitionIndex) =>
        index == "notifications_unread" && partitionIndex.StartsWith("notifications_", StringComparison.Ordinal) &&
        partitionIndex.EndsWith("_user_id_seq_idx", StringComparison.Ordinal);
}
