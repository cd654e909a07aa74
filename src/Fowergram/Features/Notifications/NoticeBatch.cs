using Dapper;
using Fowergram.Platform;
using Npgsql;

namespace Fowergram.Features.Notifications;

/// <summary>
/// A notice a consumer asks for, before the checks of its INSERT: to whom, by whom, what, about which entity, and the
/// subject whose visibility and existence the INSERT checks (the post, reel or video the entity belongs to).
/// </summary>
internal sealed record NoticeRequest(Guid Recipient, Guid Actor, string Type, string EntityType, Guid EntityId, Guid SubjectId, DateTimeOffset CreatedAt);

/// <summary>Writes a run's notices with one statement, after taking the recipients' locks (<see cref="NoticeLocks"/>).</summary>
internal static class NoticeBatch
{
    /// <summary>
    /// Runs <paramref name="insert"/>, an INSERT … SELECT over
    /// <c>unnest(@ids, @recipients, @actors, @types, @entityTypes, @entityIds, @subjectIds, @createdAts)</c> with the
    /// consumer's own checks, for <paramref name="notices"/> (nothing when there are none).
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider time, string insert,
        IReadOnlyList<NoticeRequest> notices, CancellationToken ct)
    {
        if (notices.Count == 0) return;
        var recipients = notices.Select(n => n.Recipient).ToArray();
        await NoticeLocks.TakeAsync(connection, transaction, recipients, ct);
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            ids = notices.Select(_ => Ids.New(time)).ToArray(),
            recipients,
            actors = notices.Select(n => n.Actor).ToArray(),
            types = notices.Select(n => n.Type).ToArray(),
            entityTypes = notices.Select(n => n.EntityType).ToArray(),
            entityIds = notices.Select(n => n.EntityId).ToArray(),
            subjectIds = notices.Select(n => n.SubjectId).ToArray(),
            createdAts = notices.Select(n => n.CreatedAt).ToArray(),
        }, transaction, cancellationToken: ct));
    }
}
