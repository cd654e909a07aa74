using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Deleting a reel: by its author (ReelsApi: restorable for Reels:RestoreWindow), or by a moderator acting on a report (no
/// actor; final). A reel its author deleted and could still restore is taken down too — made final, with no second event.
/// </summary>
public sealed class ReelTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["reel"];

    /// <summary>
    /// Soft delete of the owner's live reel, its objects released to media-cleanup (as of <paramref name="restorableUntil"/>
    /// when the deletion can be undone until then, else now); false when there is none.
    /// </summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid reelId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct, DateTimeOffset? restorableUntil = null)
    {
        var gone = (await conn.QueryAsync<(Guid Id, Guid? AudioTrackId)>(new CommandDefinition(ReelsSql.SoftDelete,
            new { id = reelId, callerId = ownerId, now, restorableUntil }, tx, cancellationToken: ct))).ToList();
        foreach (var reel in gone)
            await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Deleted, actor, ReelEvent.Of(reelId, ownerId, reel.AudioTrackId), ct);
        return gone.Count > 0;
    }

    public Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        RecentlyDeleted.ReleasedUploads.TakeDownAsync(conn, tx, "reels", targetId, now, owner => RemoveAsync(conn, tx, time, null, targetId, owner, now, ct), ct);
}
