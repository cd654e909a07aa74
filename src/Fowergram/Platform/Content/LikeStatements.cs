using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Liking and unliking one thing (a post, a reel, a video): one statement each — one round trip, no transaction around it —
/// that finds the target only if the caller may see it and is a live account (a token can outlive its account), inserts
/// or deletes the caller's like row, and raises the event only when a row really changed, with the target's author filled
/// in. So any number of concurrent requests of one account end in one row and one event, and N accounts in N rows; the
/// counter consumers apply the count. A target the caller may not see answers no row: 404, nothing written.
/// </summary>
/// <param name="visibleTarget">
/// <c>SELECT x.id, x.user_id FROM … x WHERE x.id = @… AND (the caller, @viewer, may see it)</c>: the thing and its author.
/// </param>
/// <param name="likes">The like table and its column naming the thing, e.g. <c>("reel_likes", "reel_id")</c>; its key is (user_id, that column).</param>
/// <param name="authorMember">The event payload's member the statement fills in with the author (the bound payload carries an empty one).</param>
/// <param name="unlikeTarget">
/// The thing as an unlike finds it, when that is more than <paramref name="visibleTarget"/>: the same shape, e.g. the thing
/// the caller may see or has a like on (a liker may always take their own like back, docs/posts.md "Likes").
/// </param>
public sealed class LikeStatements(string visibleTarget, (string Table, string Column) likes, string authorMember, string? unlikeTarget = null)
{
    /// <summary>The visible target of the caller, only for a live caller: a CTE other statements of the thing may start from.</summary>
    public string Target { get; } = TargetOf(visibleTarget);

    private static string TargetOf(string select) => $"""
        WITH target AS (
            {select}
              AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.deleted_at IS NULL AND me.is_active)
        )
        """;

    public string Like => Statement($"""
        INSERT INTO {likes.Table} (user_id, {likes.Column}, created_at) SELECT @viewer, t.id, @now FROM target t
        ON CONFLICT (user_id, {likes.Column}) DO NOTHING RETURNING {likes.Column}
        """);

    public string Unlike => Statement($"""
        DELETE FROM {likes.Table} l USING target t WHERE l.{likes.Column} = t.id AND l.user_id = @viewer RETURNING l.{likes.Column}
        """, unlikeTarget is null ? Target : TargetOf(unlikeTarget));

    /// <summary>
    /// Runs <paramref name="sql"/> (<see cref="Like"/> or <see cref="Unlike"/>) for the caller with <paramref name="args"/> (the
    /// target's id under its parameter name) and the event <paramref name="eventType"/> of <paramref name="payload"/>: 204, or
    /// 404 naming <paramref name="thing"/> when the caller may not see it.
    /// </summary>
    public static async Task<IResult> ApplyAsync<TPayload>(NpgsqlDataSource db, TimeProvider time, string sql, Guid callerId, object args,
        string eventType, TPayload payload, string thing, CancellationToken ct)
    {
        var parameters = new DynamicParameters(args);
        parameters.AddDynamicParams(new { viewer = callerId, now = Timestamps.Now(time) });
        Outbox.Parameters(parameters, time, eventType, callerId, payload);
        await using var conn = await db.OpenConnectionAsync(ct);
        var author = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return author is null ? Problems.NotFound(thing) : Api.NoContent();
    }

    /// <summary>
    /// Up to @limit of a purged account's (@userId) rows of a (user_id, thing) table such as a like or save table, removed as
    /// its undos would be: answers each thing and its author (<paramref name="things"/>' user_id), for the undo events.
    /// </summary>
    public static string PurgeOf((string Table, string Column) rows, string things) => $"""
        DELETE FROM {rows.Table} l
         USING {things} t
         WHERE l.user_id = @userId AND t.id = l.{rows.Column}
           AND l.{rows.Column} IN (SELECT {rows.Column} FROM {rows.Table} WHERE user_id = @userId LIMIT @limit)
        RETURNING l.{rows.Column} AS thing_id, t.user_id AS author_id
        """;

    private string Statement(string change, string? target = null) => (target ?? Target) + $"""
        , changed AS (
            {change}
        ), {Outbox.EventCte("FROM target t WHERE EXISTS (SELECT 1 FROM changed)", $"jsonb_build_object('{Outbox.JsonName(authorMember)}', t.user_id)")}
        SELECT t.user_id AS author_id, {Outbox.NotifyColumn} FROM target t
        """;
}
