using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>A long-form video in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedVideo(VideoView Video, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" long-form videos (docs/videos.md): the videos the caller deleted within Videos:RestoreWindow, which they
/// may bring back as they were — published or a draft, in their series at their place if it still exists and has room, with their likes,
/// comments and views — or delete for good. Nobody else sees the list, and anyone else's video is a 404 on every route.
/// </summary>
public sealed class VideosRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, VideoReader reader, TimeProvider time)
    : RecentlyDeletedApi<VideoView, DeletedVideo>(db, tokens, time)
{
    protected override string Table => "igtv_videos";
    protected override string Noun => "video";

    protected override async Task<IReadOnlyList<DeletedVideo>> ListItemsAsync(NpgsqlConnection conn, Guid ownerId,
        IReadOnlyList<RecentlyDeleted.Entry> entries, CancellationToken ct) =>
        Pair(entries, await reader.LoadRecentlyDeletedAsync(conn, ownerId, entries.Select(e => e.Id).ToList(), ct), v => v.Id,
            (v, e) => new DeletedVideo(v, e.DeletedAt, e.RestorableUntil));

    protected override Task<VideoView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid id, CancellationToken ct) =>
        reader.ReadAsync(conn, tx, ownerId, id, ct);

    /// <summary>
    /// Deleted for good, the video can never come back, so it leaves its series: a place is kept only for what may return
    /// (docs/videos.md "Episode order"). A takedown of a restorable video keeps it (an appeal may bring it back).
    /// </summary>
    protected override string FinaliseSql => RecentlyDeleted.ReleasedUploads.Finalise(Table, ", series_id = NULL");

    /// <summary>Back in its series at its place while the series has room; outside it when the series is full (docs/videos.md).</summary>
    protected override Task BeforeRestoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, DateTimeOffset now,
        CancellationToken ct) =>
        SeriesCapacity.KeepPlaceOrLeaveAsync(conn, tx, id, ownerId, now, ct);

    protected override Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, VideoEvents.Restored, ownerId, VideoEvent.Of(id, ownerId), ct);
}
