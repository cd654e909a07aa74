using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>Broadcasts as the caller may see them: the playback URL only while live, the ingest URL only to the broadcaster.</summary>
public sealed class LiveReader
{
    /// <summary>
    /// One broadcast as <paramref name="viewer"/> sees it; null when they may not. A write answers with the read inside its own
    /// transaction (<paramref name="tx"/>), before the commit: read after it, a block or a suspension landing in between leaves
    /// nothing to answer with, though the write stands (a guest on the air with a key it never sees).
    /// </summary>
    internal async Task<LiveStreamView?> ReadAsync(NpgsqlConnection conn, Guid? viewer, Guid streamId, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        (await LoadAsync(conn, viewer, [streamId], ct, tx)).SingleOrDefault();

    /// <summary>One broadcast for a read of it alone: as <see cref="ReadAsync"/>, and null for a token whose account is gone.</summary>
    internal async Task<LiveStreamView?> ReadShownAsync(NpgsqlConnection conn, Guid? viewer, Guid streamId, CancellationToken ct) =>
        (await LoadAsync(conn, viewer, [streamId], ct, null, LiveSql.ViewsShownTo)).SingleOrDefault();

    internal async Task<IReadOnlyList<LiveStreamView>> LoadAsync(NpgsqlConnection conn, Guid? viewer, IReadOnlyList<Guid> ids, CancellationToken ct,
        NpgsqlTransaction? tx = null, string? sql = null)
    {
        if (ids.Count == 0) return [];
        var rows = (await conn.QueryAsync<LiveRow>(new CommandDefinition(sql ?? LiveSql.Views, new { ids = ids.ToArray(), viewer }, tx, cancellationToken: ct)))
            .ToDictionary(r => r.Id);
        return ids.Where(rows.ContainsKey).Select(id => View(rows[id], viewer)).ToList();
    }

    /// <summary>A keyset page of <paramref name="sql"/> (id, created_at as the position; LIMIT @take) turned into views.</summary>
    internal async Task<Page<LiveStreamView>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args, CancellationToken ct)
    {
        var positions = await KeysetQuery.PageAsync<LivePosition>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct);
        return new Page<LiveStreamView>(await LoadAsync(conn, viewer, positions.Items.Select(p => p.Id).ToList(), ct), positions.NextCursor);
    }

    private static LiveStreamView View(LiveRow r, Guid? viewer) =>
        new(r.Id, new UserSummary(r.BroadcasterId, r.Username, r.FullName, r.Avatar, r.IsVerified), r.Title ?? "", r.Description ?? "",
            r.Status, r.ScheduledAt, r.StartedAt, r.EndedAt, r.ViewerCount, r.PeakViewerCount, r.CommentCount,
            r.Status == "live" ? r.HlsUrl : null, r.BroadcasterId == viewer ? r.RtmpUrl : null, r.CreatedAt, r.UpdatedAt,
            r.IsReminderSet, r.ReminderCount,
            r.PinnedId is { } pinned
                ? new LiveCommentView(pinned, new UserSummary(r.PinnedAuthorId, r.PinnedUsername!, r.PinnedFullName ?? "", r.PinnedAvatar, r.PinnedIsVerified),
                    r.PinnedContent!, r.PinnedCreatedAt)
                : null);
}
