using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// An <see cref="IReinstatement"/> whose every step is one statement binding @targetId (and @now or @until): the messages'
/// kinds (<see cref="MessageReinstatement"/>, <see cref="ChannelMessageReinstatement"/>, <see cref="ChannelReinstatement"/>).
/// Keep answers a count (1: kept); Reinstate changes one row when the thing comes back, raising nothing unless a kind adds
/// to it (a direct message's reactions and shares).
/// </summary>
public abstract class StatementReinstatement(TimeProvider time) : IReinstatement
{
    public abstract string TargetType { get; }

    protected TimeProvider Time { get; } = time;

    protected sealed record Statements(string CanComeBack, string Hold, string Keep, string Release, string Reinstate);

    protected abstract Statements Sql { get; }

    public Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(Sql.CanComeBack, new { targetId, now = Time.GetUtcNow() }, cancellationToken: ct));

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Sql.Hold, new { targetId, until }, tx, cancellationToken: ct));

    // False once the hold has ended (its objects may be going) or the thing is gone.
    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(Sql.Keep, new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Sql.Release, new { targetId, now }, tx, cancellationToken: ct));

    public virtual async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(Sql.Reinstate, new { targetId, now }, tx, cancellationToken: ct)) == 1;
}
