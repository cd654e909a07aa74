using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>Deleting a reel: by its author (ReelsApi), or by a moderator acting on a report (no actor).</summary>
public sealed class ReelTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["reel"];

    /// <summary>Soft delete of the owner's live reel, its objects released to media-cleanup; false when there is none.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid reelId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<(Guid Id, Guid? AudioTrackId)>(new CommandDefinition(ReelsSql.SoftDelete,
            new { reelId, callerId = ownerId, now }, tx, cancellationToken: ct))).ToList();
        foreach (var reel in gone)
            await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Deleted, actor, ReelEvent.Of(reelId, ownerId, reel.AudioTrackId), ct);
        return gone.Count > 0;
    }

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await Owners.OfLiveAsync(conn, tx, "reels", targetId, ct) is { } owner && await RemoveAsync(conn, tx, time, null, targetId, owner, now, ct);
}
