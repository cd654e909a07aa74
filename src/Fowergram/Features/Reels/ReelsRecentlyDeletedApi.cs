using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>A reel in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedReel(ReelView Reel, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" reels (docs/reels.md): the reels the caller deleted within Reels:RestoreWindow, which they may bring back
/// as they were — with their likes, comments, saves and remixes; reel.restored recounts their sound and hashtags — or delete
/// for good. Nobody else sees the list, and anyone else's reel is a 404 on every route.
/// </summary>
public sealed class ReelsRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
    : RecentlyDeletedApi<ReelView, DeletedReel>(db, tokens, time)
{
    protected override string Table => "reels";
    protected override string Noun => "reel";

    protected override async Task<IReadOnlyList<DeletedReel>> ListItemsAsync(NpgsqlConnection conn, Guid ownerId,
        IReadOnlyList<RecentlyDeleted.Entry> entries, CancellationToken ct) =>
        Pair(entries, await reader.LoadRecentlyDeletedAsync(conn, ownerId, entries.Select(e => e.Id).ToList(), ct), v => v.Id,
            (v, e) => new DeletedReel(v, e.DeletedAt, e.RestorableUntil));

    protected override Task<ReelView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid id, CancellationToken ct) =>
        reader.ReadAsync(conn, tx, ownerId, id, ct);

    protected override Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct) =>
        ReelReinstatement.RaiseRestoredAsync(conn, tx, Time, ownerId, id, ownerId, ct);
}
