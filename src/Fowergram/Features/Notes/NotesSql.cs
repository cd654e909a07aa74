using Fowergram.Features.Music;
using Fowergram.Platform.Content;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Notes;

internal static class NotesSql
{
    /// <summary>The note's author shows it to @viewer now: the author themself, or its audience (Visibility.NoteAudience).</summary>
    private static readonly string Audience = $"(n.user_id = @viewer OR {VisibilityPolicy.NoteAudience("n", "@viewer")})";

    private const string Columns = """
        n.id, n.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, n.text, n.audience, n.created_at, n.expires_at,
        (SELECT true FROM note_likes l WHERE l.note_id = n.id AND l.user_id = @viewer) IS NOT NULL AS is_liked,
        CASE WHEN n.user_id = @viewer THEN (SELECT count(*) FROM note_likes l WHERE l.note_id = n.id) END AS like_count,
        mt.id AS music_track_id, mt.title AS music_title, mt.artist AS music_artist, coalesce(n.music_start_seconds, 0) AS music_start_seconds,
        mt.preview_url AS music_preview_url, mt.cover_art_url AS music_cover_art_url
        """;

    private const string Music = "LEFT JOIN music_tracks mt ON mt.id = n.music_track_id";

    /// <summary>
    /// The tray: the caller's own live note first, then the live notes shown to them and not muted ("Mute notes",
    /// mutes.mute_notes: the tray only, as a stories mute is the story tray's), newest first, at most @take. Only
    /// accounts the caller follows or whose close friend they are can qualify, so the read starts from those (follows_pkey,
    /// close_friends_friend) and probes each one's note (notes_user_key).
    /// </summary>
    public static readonly string Tray = $"""
        SELECT {Columns}
          FROM (SELECT following_id AS author FROM follows WHERE follower_id = @viewer
                UNION SELECT user_id FROM close_friends WHERE friend_id = @viewer
                UNION SELECT @viewer) c
          JOIN notes n ON n.user_id = c.author
          JOIN users u ON u.id = n.user_id
          {Music}
         WHERE n.expires_at > @now AND n.removed_at IS NULL AND u.deleted_at IS NULL AND u.is_active AND {Audience}
           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = n.user_id AND m.mute_notes)
         ORDER BY n.user_id = @viewer DESC, n.created_at DESC, n.id DESC
         LIMIT @take
        """;

    /// <summary>One live note as @viewer may see it; no row when it is gone, expired or not shown to them.</summary>
    public static readonly string One = $"""
        SELECT {Columns}
          FROM notes n JOIN users u ON u.id = n.user_id {Music}
         WHERE n.id = @noteId AND n.expires_at > @now AND n.removed_at IS NULL AND u.deleted_at IS NULL AND u.is_active AND {Audience}
        """;

    /// <summary>The same, its row key-share locked: a like waits for it, and a replacement of the note waits for the like.</summary>
    public static readonly string LockOne = One + " FOR KEY SHARE OF n";

    /// <summary>
    /// A new note replaces the author's last one (and its likes). The author's replacements take turns (the lock), each
    /// statement then sees the last one's row.
    /// </summary>
    public const string Replace = """
        SELECT pg_advisory_xact_lock(hashtext('notes'), hashtext(@viewer::text));
        DELETE FROM notes WHERE user_id = @viewer;
        INSERT INTO notes (id, user_id, text, audience, created_at, expires_at, music_track_id, music_start_seconds)
        VALUES (@noteId, @viewer, @text, @audience, @now, @expiresAt, @musicTrackId, @musicStartSeconds);
        """;

    /// <summary>
    /// The author's note, not one a moderator removed: that one stays for its appeal (NoteReinstatement). Nothing for an author
    /// whose account is gone (<see cref="LiveCaller"/>).
    /// </summary>
    public static readonly string Delete = LiveCaller.Guarded("@viewer", $"DELETE FROM notes WHERE user_id = @viewer AND removed_at IS NULL AND {LiveCaller.IsLive}");

    public const string Like = """
        INSERT INTO note_likes (note_id, user_id, created_at) VALUES (@noteId, @viewer, @now) ON CONFLICT (note_id, user_id) DO NOTHING
        """;

    public const string Unlike = "DELETE FROM note_likes WHERE note_id = @noteId AND user_id = @viewer";

    /// <summary>
    /// The caller's like of a note they are no longer shown, taken back: its author for the event, no row when they had none
    /// (or the note is gone, its likes with it).
    /// </summary>
    public const string UnlikeUnseen = """
        DELETE FROM note_likes l USING notes n WHERE l.note_id = @noteId AND l.user_id = @viewer AND n.id = l.note_id RETURNING n.user_id
        """;
}

internal sealed class NoteRow
{
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Text { get; init; } = "";
    public string Audience { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public bool IsLiked { get; init; }
    public long? LikeCount { get; init; }
    public Guid? MusicTrackId { get; init; }
    public string? MusicTitle { get; init; }
    public string? MusicArtist { get; init; }
    public int MusicStartSeconds { get; init; }
    public string? MusicPreviewUrl { get; init; }
    public string? MusicCoverArtUrl { get; init; }

    /// <summary>The audience and the like count are the author's to see.</summary>
    public NoteView ToView(Guid viewer) => new(Id, new(AuthorId, Username, FullName, Avatar, IsVerified), Text,
        AuthorId == viewer ? Audience : null, LikeCount, IsLiked, CreatedAt, ExpiresAt,
        MusicTrackId is { } track ? new MusicClipView(track, MusicTitle!, MusicArtist!, MusicStartSeconds, MusicPreviewUrl, MusicCoverArtUrl) : null);
}
