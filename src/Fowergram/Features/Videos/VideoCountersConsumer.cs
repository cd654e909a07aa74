using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Keeps igtv_stats.view_count exact. Each igtv_video.viewed is a viewer's first view (the request raised it only when
/// it inserted the igtv_views row), ConsumerRunner applies each event once, so adding them up is exact; a run of one
/// video's views in a batch is one addition — a popular premiere is one statement per batch, not per viewer.
/// </summary>
public sealed class VideoCountersConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "igtv-counters";

    /// <summary>Views only ever add up, so a run adds its size (the runner has already dropped duplicates and processed events).</summary>
    private const string AddViews = """
        INSERT INTO igtv_stats (video_id, view_count, updated_at)
        SELECT v.id, @views, @now FROM igtv_videos v WHERE v.id = @videoId
        ON CONFLICT (video_id) DO UPDATE
        SET view_count = igtv_stats.view_count + EXCLUDED.view_count, updated_at = EXCLUDED.updated_at
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == VideoEvents.Viewed;

    /// <summary>An addition reads no marker, so a video's views may form a run.</summary>
    public string? RunKey(EventEnvelope envelope) => $"views {VideoIdOf(envelope)}";

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        HandleRunAsync([envelope], connection, transaction, ct);

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(AddViews, new { videoId = VideoIdOf(run[0]), views = (long)run.Count, now = time.GetUtcNow() },
            transaction, cancellationToken: ct));

    private static Guid VideoIdOf(EventEnvelope envelope) => envelope.Payload.GetProperty("videoId").GetGuid();
}
