using Dapper;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// What each browser was last pushed of a notice group (migration 0209, <c>push_folds</c>), so that a trickle is one
/// notification updated rather than one per notice: the next push of the group counts the earlier ones in, while the
/// recipient has not read the inbox past them (the read mark) and within <see cref="Window"/> of the last push.
/// </summary>
internal static class PushFolds
{
    /// <summary>The grouped inbox's window: a group pushed a day ago and quiet since starts over.</summary>
    public static readonly TimeSpan Window = NotificationGroups.Window;

    private static readonly string Earlier = $"""
        SELECT f.subscription_id, f.topic, f.actor_id, f.others, f.notices, f.recent_actors
          FROM unnest(@subscriptionIds::uuid[], @topics::text[]) AS b(subscription_id, topic)
          JOIN push_folds f ON f.subscription_id = b.subscription_id AND f.topic = b.topic
          JOIN push_subscriptions s ON s.id = f.subscription_id
         WHERE f.pushed_at > @since AND f.last_seq > {NotificationsSql.ReadThroughOf("s.user_id")}
        """;

    private const string Remember = """
        INSERT INTO push_folds AS f (subscription_id, topic, actor_id, others, notices, last_seq, pushed_at, recent_actors)
        SELECT b.subscription_id, b.topic, b.actor_id, b.others, b.notices, b.last_seq, @now, string_to_array(b.actors, ',')::uuid[]
          FROM unnest(@subscriptionIds::uuid[], @topics::text[], @actorIds::uuid[], @others::int[], @notices::int[], @seqs::bigint[],
                      @actors::text[])
               AS b(subscription_id, topic, actor_id, others, notices, last_seq, actors)
        ON CONFLICT (subscription_id, topic) DO UPDATE
           SET actor_id = EXCLUDED.actor_id, others = EXCLUDED.others, notices = EXCLUDED.notices, last_seq = EXCLUDED.last_seq,
               recent_actors = EXCLUDED.recent_actors,
               pushed_at = EXCLUDED.pushed_at
        """;

    private const string Forget = "DELETE FROM push_folds WHERE pushed_at <= @since";

    /// <summary>The live folds of these browsers' topics (bundles without a topic have none).</summary>
    public static async Task<Dictionary<(Guid Subscription, string Topic), PushFold>> EarlierAsync(NpgsqlConnection conn,
        IEnumerable<(Guid Subscription, string? Topic)> keys, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = keys.Where(k => k.Topic is not null).Distinct().ToList();
        if (wanted.Count == 0) return [];
        var rows = await conn.QueryAsync<PushFold>(new CommandDefinition(Earlier, new
        {
            subscriptionIds = wanted.Select(k => k.Subscription).ToArray(), topics = wanted.Select(k => k.Topic).ToArray(), since = now - Window,
        }, cancellationToken: ct));
        return rows.ToDictionary(f => (f.SubscriptionId, f.Topic));
    }

    /// <summary>Each delivered bundle with a topic becomes its browser's fold of that topic (the newest bundle when a run had two).</summary>
    public static async Task RememberAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PushBundle> delivered,
        Func<PushCandidate, string?> topicOf, DateTimeOffset now, CancellationToken ct)
    {
        var folds = delivered
            .Select(b => (Bundle: b, Topic: topicOf(b.Items[0])))
            .Where(x => x.Topic is not null && x.Bundle.Items[0] is { ActorId: not null, Seq: not null })
            .GroupBy(x => (x.Bundle.Items[0].SubscriptionId, x.Topic))
            .Select(g => g.MaxBy(x => x.Bundle.Items.Max(c => c.Seq))!)
            .ToList();
        if (folds.Count == 0) return;
        await conn.ExecuteAsync(new CommandDefinition(Remember, new
        {
            subscriptionIds = folds.Select(x => x.Bundle.Items[0].SubscriptionId).ToArray(),
            topics = folds.Select(x => x.Topic).ToArray(),
            actorIds = folds.Select(x => x.Bundle.Items[0].ActorId!.Value).ToArray(),
            others = folds.Select(x => x.Bundle.Payload.Others ?? 0).ToArray(),
            notices = folds.Select(x => x.Bundle.Payload.Count ?? 1).ToArray(),
            seqs = folds.Select(x => x.Bundle.Items.Max(c => c.Seq!.Value)).ToArray(),
            actors = folds.Select(x => string.Join(',', x.Bundle.Actors ?? ActorsOf(x.Bundle.Items))).ToArray(),
            now,
        }, tx, cancellationToken: ct));
    }

    /// <summary>The distinct actors a fold keeps, newest first: within them its count of others is exact.</summary>
    public const int RecentActors = 20;

    /// <summary>The distinct actors of a bundle's notices, newest first, at most <see cref="RecentActors"/>.</summary>
    public static IReadOnlyList<Guid> ActorsOf(IEnumerable<PushCandidate> items) =>
        items.Where(c => c.ActorId is not null).Select(c => c.ActorId!.Value).Distinct().Take(RecentActors).ToList();

    /// <summary>
    /// The group's distinct actors once <paramref name="newest"/> (this run's, newest first) joins what the fold named: exact
    /// while the fold knew every one of them (at most <see cref="RecentActors"/>), counted on past that; and the fold's
    /// next list of recent actors.
    /// </summary>
    public static (int Distinct, IReadOnlyList<Guid> Recent) Join(PushFold fold, IReadOnlyList<Guid> newest)
    {
        var known = fold.RecentActors.Length > 0 ? fold.RecentActors : [fold.ActorId];
        var complete = known.Length == fold.Others + 1;
        var distinct = complete ? known.Union(newest).Count() : fold.Others + 1 + newest.Except(known).Count();
        return (distinct, newest.Concat(known).Distinct().Take(RecentActors).ToList());
    }

    public static Task ForgetAsync(NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Forget, new { since = now - Window }, cancellationToken: ct));
}

internal sealed class PushFold
{
    public Guid SubscriptionId { get; init; }
    public string Topic { get; init; } = "";
    public Guid ActorId { get; init; }
    public int Others { get; init; }
    public int Notices { get; init; }
    public Guid[] RecentActors { get; init; } = [];
}
