using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>A taken-down long-form video brought back by a reversed appeal (docs/moderation.md): igtv_video.restored, as its owner's restore.</summary>
public sealed class VideoReinstatement(TimeProvider time) : ReleasedUploadsReinstatement
{
    public override string TargetType => "igtv_video";
    protected override string Table => "igtv_videos";

    protected override Task RaiseReinstatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Restored, null, VideoEvent.Of(id, ownerId), ct);
}
