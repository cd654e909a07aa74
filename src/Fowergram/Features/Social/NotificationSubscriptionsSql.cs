using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>account_notification_settings (migration 0146): the caller's notification subscriptions to accounts it follows.</summary>
internal static class NotificationSubscriptionsSql
{
    /// <summary>Whether the caller follows the account (an approved follow), and its current flags (all false without a row).</summary>
    public const string Current = """
        SELECT true AS following, coalesce(s.posts, false) AS posts, coalesce(s.stories, false) AS stories,
               coalesce(s.reels, false) AS reels, coalesce(s.videos, false) AS videos
          FROM follows f
          LEFT JOIN account_notification_settings s ON s.follower_id = f.follower_id AND s.following_id = f.following_id
         WHERE f.follower_id = @me AND f.following_id = @other
        """;

    public const string Read = """
        SELECT posts, stories, reels, videos FROM account_notification_settings WHERE follower_id = @me AND following_id = @other
        """;

    /// <summary>
    /// The merged flags, written under the pair lock (so two PUTs of different flags both land). Returns 1 only when the row
    /// was inserted or really changed, so a repeated PUT moves neither updated_at nor anything else.
    /// </summary>
    public const string Upsert = """
        INSERT INTO account_notification_settings (follower_id, following_id, posts, stories, reels, videos, created_at, updated_at)
        VALUES (@me, @other, @posts, @stories, @reels, @videos, @now, @now)
        ON CONFLICT (follower_id, following_id) DO UPDATE
           SET posts = EXCLUDED.posts, stories = EXCLUDED.stories, reels = EXCLUDED.reels, videos = EXCLUDED.videos,
               updated_at = EXCLUDED.updated_at
         WHERE (account_notification_settings.posts, account_notification_settings.stories, account_notification_settings.reels,
                account_notification_settings.videos) IS DISTINCT FROM (EXCLUDED.posts, EXCLUDED.stories, EXCLUDED.reels, EXCLUDED.videos)
        """;

    /// <summary>All four off: no row (the CHECK account_notification_settings_some allows no all-false row).</summary>
    public const string Delete = "DELETE FROM account_notification_settings WHERE follower_id = @me AND following_id = @other";

    /// <summary>The caller's subscriptions to accounts it can still see, newest first (when first turned on).</summary>
    public static readonly string List = $"""
        SELECT {UserLists.UserColumns}, s.created_at AS since, s.posts, s.stories, s.reels, s.videos
          FROM account_notification_settings s
          JOIN users u ON u.id = s.following_id
         WHERE s.follower_id = @viewer AND {Visibility.ProfileFilter("u.id")}
           AND (@afterAt::timestamptz IS NULL OR (s.created_at, s.following_id) < (@afterAt::timestamptz, @afterId::uuid))
         ORDER BY s.created_at DESC, s.following_id DESC
         LIMIT @take
        """;
}
