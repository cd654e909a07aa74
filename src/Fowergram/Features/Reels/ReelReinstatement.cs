using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>A taken-down reel brought back by a reversed appeal (docs/moderation.md): reel.restored recounts its sound and hashtags.</summary>
public sealed class ReelReinstatement(TimeProvider time) : ReleasedUploadsReinstatement
{
    public override string TargetType => "reel";
    protected override string Table => "reels";

    protected override Task RaiseReinstatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct) =>
        RaiseRestoredAsync(conn, tx, time, null, id, ownerId, ct);

    /// <summary>
    /// reel.restored for a reel back live — reinstated here, or restored by its author (<see cref="ReelsRecentlyDeletedApi"/>) —
    /// naming its sound, read in the restoring transaction.
    /// </summary>
    internal static async Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid reelId, Guid ownerId,
        CancellationToken ct)
    {
        var audio = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT audio_track_id FROM reels WHERE id = @id", new { id = reelId }, tx,
            cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Restored, actor, ReelEvent.Of(reelId, ownerId, audio), ct);
    }
}
