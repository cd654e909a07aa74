using Dapper;
using Fowergram.Features.Accounts;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Suspending an account (docs/moderation.md "Suspensions"): it becomes inactive, so every read hides it and its content
/// as a deactivated account's, its sessions end at once, and it cannot log in (403) until the suspension is lifted.
/// </summary>
public sealed class Suspensions(Sessions sessions)
{
    /// <summary>True when the account was suspended now; false when it already was (the first suspension stands).</summary>
    internal async Task<bool> SuspendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, Guid moderator, Guid? reportId, string reason,
        DateTimeOffset now, DateTimeOffset? until, CancellationToken ct)
    {
        var suspended = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SuspensionsSql.Suspend,
            new { userId, moderator, reportId, reason, now, until }, tx, cancellationToken: ct));
        if (suspended) await sessions.EndAllAsync(conn, tx, userId, ct);
        return suspended;
    }
}
