using Dapper;
using Npgsql;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Every row of every table whose text names the owner or one of their things (<see cref="ForeignIdWriteTests"/>), one
/// fingerprint each, and whether it also names the caller or one of the owner's private things: what a write touching
/// the owner's rows changes. Partitions are read through their parent.
/// </summary>
internal sealed class OwnerRows(string mentionsOwner, string mentionsCaller, string mentionsPrivate, bool ignoreCounters)
{
    /// <summary>
    /// The owner's own activity (presence, time spent), which the hosts write in batches seconds after the owner's requests
    /// that built the world: these change during the sweep whatever the caller sends.
    /// </summary>
    private static readonly string[] WrittenLater = ["account_presence", "account_time_spent"];

    /// <summary>
    /// The push copies of the owner's notices and messages, queued for the owner's own subscription when a follower's like
    /// or reply gives them a notice: they name the owner's subscription, never the caller. The notice or message they
    /// copy names the caller and is held to the caller's rule; the push job updates these rows later, on its own time.
    /// </summary>
    private static readonly string[] PushCopies = ["push_deliveries", "push_message_deliveries"];

    public sealed record Row(string Table, string Fingerprint, bool NamesCaller, bool NamesPrivate)
    {
        public override string ToString() => $"{Table} ({(NamesCaller ? "names the caller" : "not the caller's")})";
    }

    public async Task<HashSet<Row>> ReadAsync(NpgsqlConnection conn)
    {
        var tables = (await conn.QueryAsync<string>("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname
            """)).Except(WrittenLater).Where(t => !ignoreCounters || !(PushCopies.Contains(t) || t.EndsWith("_stats", StringComparison.Ordinal))).ToList();
        // A follower's like, comment, reaction or vote moves the counters on the owner's post, story or comment by design
        // (a *_stats row, made by the first one, holds nothing else): their exactness is items 1-3's (LikeCounterTests,
        // CounterTests), so a follower's sweep leaves those tables out and compares other rows without their counts.
        var projection = ignoreCounters
            ? "(SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM jsonb_each(to_jsonb(r)) e(k, v) WHERE k NOT LIKE '%\\_count')"
            : "to_jsonb(r)";
        var sql = string.Join("\nUNION ALL ", tables.Select(t => $"""
            SELECT '{t}', md5(j::text), j::text ~ @mentionsCaller, j::text ~ @mentionsPrivate
              FROM (SELECT {projection} AS j FROM "{t}" r WHERE r::text ~ @mentionsOwner) x
            """));
        return (await conn.QueryAsync<(string, string, bool, bool)>(sql, new { mentionsOwner, mentionsCaller, mentionsPrivate }))
            .Select(r => new Row(r.Item1, r.Item2, r.Item3, r.Item4)).ToHashSet();
    }
}
