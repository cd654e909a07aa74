using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

internal static class MutesSql
{
    /// <summary>Returns the row only when it was inserted or actually changed, so a repeated PUT raises no event.</summary>
    public const string Upsert = """
        INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories, created_at) VALUES (@me, @other, @posts, @stories, @now)
        ON CONFLICT (muter_id, muted_id) DO UPDATE SET mute_posts = EXCLUDED.mute_posts, mute_stories = EXCLUDED.mute_stories
        WHERE (mutes.mute_posts, mutes.mute_stories) IS DISTINCT FROM (EXCLUDED.mute_posts, EXCLUDED.mute_stories)
        RETURNING 1
        """;

    public const string Delete = "DELETE FROM mutes WHERE muter_id = @me AND muted_id = @other";

    /// <summary>The caller's mutes of accounts they can still see.</summary>
    public static readonly string List = $"""
        SELECT {UserLists.UserColumns}, m.created_at AS since, m.mute_posts, m.mute_stories
        FROM mutes m
        JOIN users u ON u.id = m.muted_id
        WHERE m.muter_id = @viewer AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (m.created_at, m.muted_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY m.created_at DESC, m.muted_id DESC
        LIMIT @take
        """;
}
