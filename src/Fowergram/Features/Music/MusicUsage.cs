using Dapper;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>
/// music_track_stats.usage_count: stories and posts ever made with the track (docs/stories.md "Music"). Counted by the
/// consumers of story.created and post.created (each event applies once), so it is exact and never decreases; a track
/// withdrawn meanwhile is skipped. The track is key-share locked, as the writes that use it lock it (MusicClips): a withdrawal
/// under way is waited for and the track then skipped, one that comes later waits for this commit. Read unlocked (until
/// session 58), the track was there for the check and gone for the upsert's foreign key (23503, the delivery failed).
/// </summary>
internal static class MusicUsage
{
    private const string Add = """
        WITH track AS (SELECT id FROM music_tracks WHERE id = @trackId FOR KEY SHARE)
        INSERT INTO music_track_stats (track_id, usage_count, updated_at)
        SELECT id, @n, @at FROM track
        ON CONFLICT (track_id) DO UPDATE SET usage_count = music_track_stats.usage_count + @n, updated_at = @at
        """;

    public static Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid trackId, int n, DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Add, new { trackId, n, at }, tx, cancellationToken: ct));
}
