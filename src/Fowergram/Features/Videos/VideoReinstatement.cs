using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>A taken-down long-form video brought back by a reversed appeal (docs/moderation.md): igtv_video.restored, as its owner's restore.</summary>
public sealed class VideoReinstatement(TimeProvider time) : ReleasedUploadsReinstatement
{
    public override string TargetType => "igtv_video";
    protected override string Table => "igtv_videos";

    /// <summary>Back in its series at its place while the series has room; outside it when the series is full (docs/videos.md).</summary>
    protected override Task BeforeReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        SeriesCapacity.KeepPlaceOrLeaveAsync(conn, tx, targetId, null, now, ct);

    protected override Task RaiseReinstatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Restored, null, VideoEvent.Of(id, ownerId), ct);
}
