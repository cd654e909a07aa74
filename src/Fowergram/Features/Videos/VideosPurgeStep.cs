using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// A purged account's long-form videos, soft-deleted with igtv_video.deleted as the owner deleting them would (docs/accounts.md
/// "Deleting an account"): they leave every read at once and activity-log records their end. Its views of other accounts'
/// videos stay counted (views are history, as reel views and story views are); its series go with the users row, and
/// the videos' uploads are released by the uploads step, as every other upload of the account.
/// </summary>
public sealed class VideosPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    // The outer deleted_at test is checked again after a concurrent run's update: each video is deleted (and raised) once.
    private const string DeleteVideos = """
        UPDATE igtv_videos SET deleted_at = @now, updated_at = @now
         WHERE id IN (SELECT id FROM igtv_videos WHERE user_id = @userId AND deleted_at IS NULL LIMIT @limit) AND deleted_at IS NULL
        RETURNING id
        """;

    public string Name => "videos";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var videos = (await conn.QueryAsync<Guid>(new CommandDefinition(DeleteVideos, new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, VideoEvents.Deleted, null, videos.Select(id => VideoEvent.Of(id, userId)).ToList(), ct);
        return videos.Count;
    }
}
