using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Deleting a long-form video: by its author (VideosApi: restorable for Videos:RestoreWindow), or by a moderator acting on a
/// report (no actor; final). A video its author deleted and could still restore is taken down too — made final, no second event.
/// </summary>
public sealed class VideoTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["igtv_video"];

    /// <summary>
    /// Soft delete of the owner's live video, its objects released to media-cleanup (as of <paramref name="restorableUntil"/>
    /// when the deletion can be undone until then, else now); false when there is none.
    /// </summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid videoId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct, DateTimeOffset? restorableUntil = null)
    {
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(VideosSql.SoftDelete,
                new { id = videoId, callerId = ownerId, now, restorableUntil }, tx, cancellationToken: ct)) is null) return false;
        await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Deleted, actor, VideoEvent.Of(videoId, ownerId), ct);
        return true;
    }

    public Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        RecentlyDeleted.ReleasedUploads.TakeDownAsync(conn, tx, "igtv_videos", targetId, now, owner => RemoveAsync(conn, tx, time, null, targetId, owner, now, ct), ct);
}
