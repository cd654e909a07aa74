using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// Stopping a reported broadcast: a live one ends (its viewers counted out, live.ended as when its broadcaster ends it), a
/// scheduled one is cancelled. An ended or cancelled broadcast has nothing left to take down.
/// </summary>
public sealed class LiveTakedown(TimeProvider time) : ITakedown
{
    private const string Lock = "SELECT user_id, status FROM live_streams WHERE id = @streamId FOR NO KEY UPDATE";

    public IReadOnlyCollection<string> TargetTypes { get; } = ["live_stream"];

    /// <summary>
    /// Ends a live broadcast: by its broadcaster (LiveLifecycleApi), when it fell silent (LiveAutoEndJob, no actor), or by a
    /// moderator. Its viewers count as gone at once (their rows are closed later by live-auto-end, however many: LiveSql.End),
    /// its guests leave the air and its open invitations expire.
    /// </summary>
    internal static async Task EndAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid streamId, Guid broadcasterId,
        DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(LiveSql.End, new { streamId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Close, new { streamId, guest = (Guid?)null, now }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, LiveEvents.Ended, actor, LiveEvent.Of(streamId, broadcasterId), ct);
    }

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var stream = (await conn.QueryAsync<(Guid UserId, string Status)>(new CommandDefinition(Lock, new { streamId = targetId }, tx,
            cancellationToken: ct))).ToList();
        switch (stream.Count == 1 ? stream[0].Status : null)
        {
            case "live":
                await EndAsync(conn, tx, time, null, targetId, stream[0].UserId, now, ct);
                return Takedown.Removed;
            case "scheduled":
                await conn.ExecuteAsync(new CommandDefinition(LiveSql.Cancel, new { streamId = targetId, now }, tx, cancellationToken: ct));
                return Takedown.Removed;
            default:
                return Takedown.Gone;
        }
    }
}
