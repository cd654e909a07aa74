using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.DataModel;

/// <summary>Keeps the rule cases and the schema in step: a new constraint without a case fails here.</summary>
public sealed class SchemaCoverageTests
{
    private static readonly string[] Tables = RowTemplates.ByTable.Keys.ToArray();

    [Fact]
    public async Task Every_check_unique_and_foreign_key_rule_has_a_case()
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        // Constraints of the parent tables (partitions carry copies; exclusion constraints are uniqueness rules whose columns
        // are no key, migration 0227), plus unique indexes that are not
        // constraints. Unique constraints that contain the whole primary key can never be violated on
        // their own: they exist as foreign-key targets (e.g. posts (id, user_id, created_at)).
        var rules = (await conn.QueryAsync<string>("""
            SELECT c.conname
              FROM pg_constraint c
              JOIN pg_class t ON t.oid = c.conrelid
             WHERE t.relname = ANY(@Tables) AND t.relnamespace = 'public'::regnamespace
               AND c.contype IN ('c', 'u', 'p', 'f', 'x') AND c.conparentid = 0
               AND NOT (c.contype = 'u' AND EXISTS (
                     SELECT 1 FROM pg_constraint pk
                      WHERE pk.conrelid = c.conrelid AND pk.contype = 'p' AND pk.conkey <@ c.conkey))
            UNION ALL
            SELECT i.relname
              FROM pg_index x
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_class t ON t.oid = x.indrelid
             WHERE t.relname = ANY(@Tables) AND t.relnamespace = 'public'::regnamespace AND x.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """, new { Tables })).ToHashSet();
        var covered = CheckRules.All.Concat(UniqueRules.All).Concat(ForeignKeyRules.All).Select(c => c.Constraint).ToHashSet();

        Assert.Empty(rules.Except(covered).Order());
        Assert.Empty(covered.Except(rules).Order()); // no case for a rule that does not exist
        Assert.True(rules.Count > 250, $"Only {rules.Count} rules found: is the schema migrated?");
    }

    // The migrator's own bookkeeping, made before any migration runs and written by no feature: it has no rules to test.
    private static readonly string[] OutsideTheRules = ["schema_migrations"];

    /// <summary>The seed's tables, the additions of docs/data-model.md, and the foundation's bookkeeping.</summary>
    private static readonly string[] DataModelTables =
    [
        "users", "posts", "post_media", "stories", "reels", "igtv_videos", "igtv_series", "follows", "likes", "comment_likes",
        "reel_likes", "comments", "reel_comments", "close_friends", "story_polls", "story_poll_votes", "story_questions",
        "story_question_responses", "story_reactions", "music_tracks", "audio_tracks", "conversations",
        "conversation_participants", "messages", "live_streams", "live_stream_viewers", "live_comments",
        "products", "post_product_tags", "wishlists", "collections", "collection_posts", "highlights", "highlight_stories",
        "user_stats", "post_stats", "reel_stats", "igtv_stats", "hashtags", "post_hashtags", "search_history",
        "notifications", "user_activities",
        // additions
        "follow_requests", "blocks", "mutes", "story_views", "media_user_tags", "post_mentions", "comment_mentions",
        "hashtag_follows", "reports", "uploads", "feed_entries", "hashtag_stats", "comment_stats", "story_stats",
        "story_poll_stats", "music_track_stats", "audio_track_stats", "live_stream_stats", "reel_views",
        "product_images", "igtv_views", "explore_candidates", "igtv_likes", "igtv_comments", "reel_comment_likes", "igtv_comment_likes", "saved_reels", "reel_hashtags", "reel_mentions", "live_reminders", "reel_product_tags", "live_stream_removals", "message_reactions", "removed_messages", "reposts", "favorites", "live_comment_mutes", "restrictions", "hidden_words", "moderators", "account_limits", "notes", "note_likes", "account_suspensions", "account_presence", "suspension_appeals", "content_removals", "live_stream_guests", "account_two_factor", "two_factor_recovery_codes", "story_hidden_viewers", "story_sliders", "story_slider_responses", "story_slider_stats", "story_quizzes", "story_quiz_answers", "story_quiz_stats", "story_countdowns", "story_countdown_reminders", "saved_audio", "add_yours_prompts", "username_changes", "email_changes", "account_notification_settings", "reel_recommendations", "scheduled_posts", "scheduled_post_media", "explore_dismissals", "reel_dismissals", "suggestion_dismissals", "user_suggestion_runs", "user_suggestions", "discovery_hidden_authors", "profile_visits", "follower_losses", "two_factor_trusted_devices", "scheduled_reels", "deleted_post_media", "deleted_highlight_stories", "post_collaborators", "broadcast_channels", "broadcast_channel_members", "broadcast_channel_hosts", "broadcast_channel_messages", "broadcast_channel_votes", "broadcast_channel_reactions", "reel_reposts", "removed_channel_messages", "passkeys", "passkey_challenges", "account_time_spent", "broadcast_channel_scheduled_messages", "push_subscriptions", "push_deliveries", "push_preferences", "push_message_deliveries", "push_folds", "push_channel_fanouts", "push_channel_deliveries",
        "address_throttles", "post_impressions", "post_reach", "account_reach", "two_factor_reverts",
        "media_delete_failures", "idempotency_keys", "write_allowances",
        // foundation: the event pipeline, sessions and one-time links, throttles, and the feed's and counters' bookkeeping
        "outbox", "event_deliveries", "processed_events", "dead_letters", "post_counter_state", "feed_large_authors", "feed_large_shares", "feed_readers",
        "notification_read_marks", "refresh_tokens", "login_throttles", "unknown_login_throttles", "mail_throttles", "email_verifications", "password_resets",
        "email_change_reverts", "saved_posts", "story_mentions",
    ];

    [Fact]
    public async Task Every_table_of_the_data_model_exists_with_a_template_and_a_world_row()
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        var existing = (await conn.QueryAsync<string>("""
            SELECT relname FROM pg_class
             WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition
            """)).ToHashSet();

        Assert.Empty(DataModelTables.Except(existing).Order());
        // A new table must join the data model's list (and so its rules, template and world row) to pass.
        Assert.Empty(existing.Except(DataModelTables).Except(OutsideTheRules).Order());
        Assert.Empty(OutsideTheRules.Except(existing).Order());
        Assert.Empty(DataModelTables.Except(Tables).Order());
        Assert.Empty(DataModelTables.Except(World.Tables).Order());
        Assert.Empty(Tables.Except(DataModelTables).Order());
    }

    [Fact]
    public async Task Every_foreign_key_has_an_index_for_cascades_and_joins()
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        // An index whose leading columns are the key's columns (or whose first column is the key's
        // first), not partial unless only "IS NOT NULL": what the ON DELETE action's lookup can use.
        var unindexed = await conn.QueryAsync<string>("""
            SELECT c.conname
              FROM pg_constraint c
              JOIN pg_class t ON t.oid = c.conrelid
             WHERE c.contype = 'f' AND c.conparentid = 0 AND t.relname = ANY(@Tables)
               AND NOT EXISTS (
                   SELECT 1 FROM pg_index x
                    WHERE x.indrelid = c.conrelid
                      AND (x.indpred IS NULL OR pg_get_expr(x.indpred, x.indrelid) ~ '^\(\w+ IS NOT NULL\)$')
                      AND (x.indkey[0] = c.conkey[1]
                           OR (SELECT array_agg(k ORDER BY k) FROM unnest((x.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
                            = (SELECT array_agg(k ORDER BY k) FROM unnest(c.conkey) k)))
             ORDER BY 1
            """, new { Tables });

        // 0001's refresh tokens were the exception (user_id indexed only for live tokens, replaced_by not at all) until
        // 0205 indexed both (docs/data-model.md "Findings in the foundation").
        Assert.Empty(unindexed);
    }
}
