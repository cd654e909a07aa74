using Dapper;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// A purged account's push subscriptions, with their queued rows (notices, direct and channel messages) and folds, and the
/// folds of others' browsers that name it as their last actor: each removed in batches after the subscriptions are locked in
/// id order, in one statement, the order push-delivery's settle takes them (<see cref="PushDeliverySql.LockSubscriptions"/>,
/// then their queued rows and folds). Left to the account row's final DELETE, they went by its foreign keys (CASCADE) in the
/// indexes' order: its own subscriptions by the account index (oldest first), others' folds by the actor index, so against a
/// settle holding the lower of two and writing the higher's rows next, each held what the other wanted (PushPurgeLockOrderTests).
/// The final DELETE now writes nothing of pushes. Only the first part that finds work runs in a transaction, so each purge
/// transaction locks subscriptions once. Nothing is raised: nothing counts them.
/// </summary>
public sealed class PushPurgeStep : IAccountPurgeStep
{
    /// <summary>The account's own browsers and apps: the DELETE cascades to their queues and folds, as a dropped one's does.</summary>
    private const string Own = """
        WITH doomed AS (SELECT id FROM push_subscriptions WHERE user_id = @userId ORDER BY id LIMIT @limit FOR UPDATE)
        DELETE FROM push_subscriptions WHERE id IN (SELECT id FROM doomed)
        """;

    /// <summary>Others' browsers whose fold names the account, locked as the settle locks them (it rewrites their folds).</summary>
    private const string LockFolded = """
        SELECT s.id FROM push_subscriptions s
         WHERE s.id IN (SELECT subscription_id FROM push_folds WHERE actor_id = @userId)
         ORDER BY s.id LIMIT @limit
           FOR NO KEY UPDATE OF s
        """;

    private const string Unfold = "DELETE FROM push_folds WHERE actor_id = @userId AND subscription_id = ANY (@subscriptions)";

    public string Name => "push subscriptions";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var own = await conn.ExecuteAsync(new CommandDefinition(Own, new { userId, limit }, tx, cancellationToken: ct));
        if (own > 0) return own;
        var subscriptions = (await conn.QueryAsync<Guid>(new CommandDefinition(LockFolded, new { userId, limit }, tx, cancellationToken: ct))).ToArray();
        if (subscriptions.Length == 0) return 0;
        // Counted as at least 1 even if a settle rewrote the folds meanwhile: another batch runs rather than taking the account for done.
        await conn.ExecuteAsync(new CommandDefinition(Unfold, new { userId, subscriptions }, tx, cancellationToken: ct));
        return subscriptions.Length;
    }
}
