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

    protected override async Task RaiseReinstatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct)
    {
        var audio = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT audio_track_id FROM reels WHERE id = @id", new { id }, tx,
            cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Restored, null, ReelEvent.Of(id, ownerId, audio), ct);
    }
}
