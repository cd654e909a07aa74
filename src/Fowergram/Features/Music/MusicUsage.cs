using Dapper;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>
/// music_track_stats.usage_count: stories and posts ever made with the track (docs/stories.md "Music"). Counted by the
/// consumers of story.created and post.created (each event applies once), so it is exact and never decreases; a track
/// withdrawn meanwhile is skipped.
/// </summary>
internal static class MusicUsage
{
    private const string Add = """
        INSERT INTO music_track_stats (track_id, usage_count, updated_at)
        SELECT @trackId, @n, @at WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = @trackId)
        ON CONFLICT (track_id) DO UPDATE SET usage_count = music_track_stats.usage_count + @n, updated_at = @at
        """;

    public static Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid trackId, int n, DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Add, new { trackId, n, at }, tx, cancellationToken: ct));
}
