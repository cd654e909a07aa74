using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Reels as the caller may see them. Read URLs are signed only for reels that passed <see cref="ReelAccess.VisibleTo"/>
/// in the same query, and only for objects of claimed uploads (the rows hold nothing else).
/// </summary>
public sealed class ReelReader(MediaUploads uploads)
{
    /// <summary>
    /// GET /reels/{id}: the reel as the viewer may see it, and null for a token whose account is gone too
    /// (<see cref="ReelReadSql.ViewForReader"/>), which the route's 404 tells apart (<see cref="GoneCaller.NotFoundAsync"/>).
    /// </summary>
    internal async Task<ReelView?> ReadForReaderAsync(NpgsqlConnection conn, Guid? viewer, Guid reelId, CancellationToken ct) =>
        (await LoadAsync(conn, null, ReelReadSql.ViewForReader, viewer, [reelId], ct)).SingleOrDefault();

    /// <summary>
    /// The reel in <paramref name="tx"/>: a write answers with what it wrote before it commits, since a deletion or purge
    /// committed right after it would leave a read after the commit nothing (a 404 for a write that stood).
    /// </summary>
    internal async Task<ReelView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid reelId, CancellationToken ct) =>
        (await LoadAsync(conn, tx, ReelReadSql.Views, viewer, [reelId], ct)).SingleOrDefault();

    /// <summary>Views in the order of <paramref name="ids"/>; ids the viewer may not see are left out.</summary>
    internal Task<IReadOnlyList<ReelView>> LoadAsync(NpgsqlConnection conn, Guid? viewer, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        LoadAsync(conn, null, ReelReadSql.Views, viewer, ids, ct);

    /// <summary>Views of the owner's own recently deleted reels in the order of <paramref name="ids"/>; any other id is left out.</summary>
    internal Task<IReadOnlyList<ReelView>> LoadRecentlyDeletedAsync(NpgsqlConnection conn, Guid ownerId, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        LoadAsync(conn, null, ReelReadSql.OwnRecentlyDeleted, ownerId, ids, ct);

    private Task<IReadOnlyList<ReelView>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid? viewer, IReadOnlyList<Guid> ids,
        CancellationToken ct) =>
        ViewsByIds.LoadAsync<ReelRow, ReelView>(conn, tx, sql, viewer, ids, r => r.Id, r => ViewAsync(r, viewer, ct), ct);

    /// <summary>A keyset page of <paramref name="sql"/> (returning id, created_at; LIMIT @take) turned into views.</summary>
    internal async Task<Page<ReelView>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args, CancellationToken ct)
    {
        var positions = await KeysetQuery.PageAsync<ReelPosition>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct);
        return new Page<ReelView>(await LoadAsync(conn, viewer, positions.Items.Select(p => p.Id).ToList(), ct), positions.NextCursor);
    }

    private async Task<ReelView> ViewAsync(ReelRow row, Guid? viewer, CancellationToken ct)
    {
        // A row written by another tool may lack its upload's type; such a video cannot be served safely.
        ReelVideoView? video = null;
        if (row.ContentType is { } contentType)
        {
            var url = await uploads.CreateReadUrlAsync(row.VideoBlobName, contentType, ct);
            video = new ReelVideoView(url.Url.AbsoluteUri, url.ExpiresAt, contentType);
        }
        ReelVideoView? cover = null;
        if (row.ThumbnailBlobName is { } coverName && row.ThumbnailContentType is { } coverType)
        {
            var url = await uploads.CreateReadUrlAsync(coverName, coverType, ct);
            cover = new ReelVideoView(url.Url.AbsoluteUri, url.ExpiresAt, coverType);
        }
        var remixOf = row.RemixOfId is { } originalId
            ? new RemixedReel(originalId, new UserSummary(row.RemixAuthorId!.Value, row.RemixUsername ?? "", row.RemixFullName ?? "", row.RemixAvatar,
                row.RemixIsVerified ?? false))
            : null;
        var audio = row.AudioId is { } audioId ? new AudioTrackSummary(audioId, row.AudioTitle ?? "", row.AudioArtist ?? "", row.AudioDuration ?? 0) : null;
        return new ReelView(row.Id, new UserSummary(row.AuthorId, row.Username, row.FullName, row.Avatar, row.IsVerified), row.Caption, video,
            row.Duration, row.Width, row.Height, audio, LikeCounts.Shown(row.LikeCount, row.AuthorId, viewer, row.ViewerShowsCounts, row.LikesDisabled),
            row.CommentCount, row.ViewCount, row.PlayCount, LikeCounts.Shown(row.ShareCount, row.AuthorId, viewer, row.ViewerShowsCounts), row.IsLiked, row.CommentsDisabled, row.LikesDisabled, row.CreatedAt, row.UpdatedAt,
            row.IsSaved, viewer == row.AuthorId ? row.SaveCount : null, cover, remixOf, row.AllowRemix, row.Location, row.CanRemix, row.RemixCount,
            Trial(row, viewer), row.RepostCount, row.IsReposted);
    }

    /// <summary>Only the author is told a reel is a trial (docs/reels.md "Trial reels").</summary>
    private static ReelTrial? Trial(ReelRow row, Guid? viewer) =>
        viewer == row.AuthorId && row.TrialStatus is { } status && row.TrialEndsAt is { } endsAt
            ? new ReelTrial(status, endsAt, row.TrialAutoShare, row.TrialSettledAt)
            : null;
}
