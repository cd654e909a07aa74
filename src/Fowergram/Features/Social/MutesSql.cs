using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

internal static class MutesSql
{
    /// <summary>Returns the row only when it was inserted or actually changed, so a repeated PUT raises no event.</summary>
    public const string Upsert = """
        INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories, created_at) VALUES (@me, @other, @posts, @stories, @now)
        ON CONFLICT (muter_id, muted_id) DO UPDATE SET mute_posts = EXCLUDED.mute_posts, mute_stories = EXCLUDED.mute_stories
        WHERE (mutes.mute_posts, mutes.mute_stories) IS DISTINCT FROM (EXCLUDED.mute_posts, EXCLUDED.mute_stories)
        RETURNING mute_notes
        """;

    /// <summary>
    /// The pair's row, locked: an unmute of one kind keeps the row while another kind stays muted (the CHECK wants one),
    /// deletes it otherwise, and the lock makes the choice stand against a concurrent mute of the other kind.
    /// </summary>
    public const string Lock = "SELECT mute_posts, mute_stories, mute_notes FROM mutes WHERE muter_id = @me AND muted_id = @other FOR UPDATE";

    public const string Delete = "DELETE FROM mutes WHERE muter_id = @me AND muted_id = @other";

    public const string ClearPostsAndStories = "UPDATE mutes SET mute_posts = false, mute_stories = false WHERE muter_id = @me AND muted_id = @other";

    /// <summary>"Mute notes" (docs/notes.md): no row when the notes were muted already, so a repeated PUT raises no event.</summary>
    public const string MuteNotes = """
        INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories, mute_notes, created_at) VALUES (@me, @other, false, false, true, @now)
        ON CONFLICT (muter_id, muted_id) DO UPDATE SET mute_notes = true WHERE NOT mutes.mute_notes
        RETURNING mute_posts, mute_stories, mute_notes
        """;

    public const string ClearNotes = "UPDATE mutes SET mute_notes = false WHERE muter_id = @me AND muted_id = @other";

    /// <summary>The caller's mutes of accounts they can still see, whatever they mute (posts, stories, notes).</summary>
    public static readonly string List = $"""
        SELECT {UserLists.UserColumns}, m.created_at AS since, m.mute_posts, m.mute_stories, m.mute_notes
        FROM mutes m
        JOIN users u ON u.id = m.muted_id
        WHERE m.muter_id = @viewer AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (m.created_at, m.muted_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY m.created_at DESC, m.muted_id DESC
        LIMIT @take
        """;
}
