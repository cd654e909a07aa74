namespace Fowergram.Features.Music;

internal static class MusicSql
{
    /// <summary>
    /// Title or artist contains @pattern (ILIKE, trigram-indexed), most used first; no term lists the
    /// catalogue the same way. @pattern has LIKE's wildcards escaped.
    /// </summary>
    public const string Search = """
        SELECT t.id, t.title, t.artist, t.album, t.duration, t.preview_url, t.cover_art_url, t.genre, t.is_explicit,
               coalesce(st.usage_count, 0) AS usage_count
          FROM music_tracks t LEFT JOIN music_track_stats st ON st.track_id = t.id
         WHERE @pattern::text IS NULL OR t.title ILIKE @pattern OR t.artist ILIKE @pattern
         ORDER BY coalesce(st.usage_count, 0) DESC, t.title, t.artist, t.id
         LIMIT @limit
        """;

    public const string Trending = """
        SELECT track_id AS id, title, artist, album, duration, preview_url, cover_art_url, genre, is_explicit,
               usage_count, recent_use_count
          FROM get_trending_music_tracks(@limit, @now)
        """;
}
