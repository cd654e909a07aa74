using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>Deleting a long-form video: by its author (VideosApi), or by a moderator acting on a report (no actor).</summary>
public sealed class VideoTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["igtv_video"];

    /// <summary>Soft delete of the owner's live video, its objects released to media-cleanup; false when there is none.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid videoId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct)
    {
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(VideosSql.SoftDelete,
                new { videoId, callerId = ownerId, now }, tx, cancellationToken: ct)) is null) return false;
        await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Deleted, actor, VideoEvent.Of(videoId, ownerId), ct);
        return true;
    }

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await Owners.OfLiveAsync(conn, tx, "igtv_videos", targetId, ct) is { } owner && await RemoveAsync(conn, tx, time, null, targetId, owner, now, ct);
}
