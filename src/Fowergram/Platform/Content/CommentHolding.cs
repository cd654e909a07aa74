using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Held comments, for every kind of thread (posts, reels, long-form videos; migration 0105, docs/social-graph.md "Restrict"
/// "Hidden words" and "Limits"): a comment written on a thing by someone its owner restricts or limits, or with one of the
/// owner's hidden words, is stored held. Only its writer sees it, in every list, as
/// if it were shown; it raises nothing, so it neither counts, nor notifies, nor mentions. The owner reviews held comments
/// (GET .../comments/held) and approves one (POST .../comments/{commentId}/approve): it is then shown, and raises what it
/// would have raised when written (<see cref="Announce"/>), or deletes it as any comment on their thing.
/// </summary>
internal static class CommentHolding
{
    /// <summary>
    /// Whether the owner restricts the writer or limits them now (account_limits: a writer who does not follow the owner,
    /// or followed within <see cref="InteractionLimits.RecentFollow"/>, unless the owner follows them), and the owner's hidden words
    /// (hidden_words_pkey: one range).
    /// </summary>
    private static readonly string Filters = $"""
        SELECT EXISTS (SELECT 1 FROM restrictions WHERE restricter_id = @ownerId AND restricted_id = @writerId)
               OR {InteractionLimits.Limited("@ownerId", "@writerId")} AS held_by_owner,
               ARRAY(SELECT word FROM hidden_words WHERE user_id = @ownerId) AS words,
               normalize(@content::text, NFC) AS composed
        """;

    /// <summary>A condition: the comment aliased <paramref name="alias"/> is shown, or <paramref name="viewer"/> wrote it.</summary>
    public static string ShownTo(string viewer, string alias) => $"({alias}.held_at IS NULL OR {alias}.user_id = {viewer})";

    /// <summary>
    /// When a comment <paramref name="writerId"/> writes now on <paramref name="ownerId"/>'s thing is held: now, if the owner
    /// restricts or limits the writer, or the text has one of the owner's hidden words (<see cref="HiddenWords"/>); else
    /// null. The owner's own comments are never held.
    /// </summary>
    public static async Task<DateTimeOffset?> HeldAtAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid writerId, string content,
        DateTimeOffset now, CancellationToken ct)
    {
        if (ownerId == writerId) return null;
        // The text is matched composed (NFC), as the words are stored (the hosts' invariant globalization cannot compose).
        var (heldByOwner, words, composed) = await conn.QuerySingleAsync<(bool, string[], string)>(new CommandDefinition(Filters,
            new { ownerId, writerId, now, recentSince = now - InteractionLimits.RecentFollow, content }, tx, cancellationToken: ct));
        return heldByOwner || HiddenWords.AnyIn(composed, words) ? now : null;
    }

    /// <summary>What a comment raises once it is shown: its created event and its mentions (each kind its own).</summary>
    public delegate Task Announce(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, ShownComment comment, CancellationToken ct);

    /// <summary>
    /// The whole of POST .../comments/{commentId}/approve for a thread whose statements are <paramref name="sql"/>: the
    /// caller's own live thing (locked, as pins lock it, so an approval and a deletion of the thing take turns), then the
    /// comment shown and announced. Anyone else's thing, another thing's comment or a deleted one: 404; a comment already
    /// shown: 204, nothing raised again.
    /// </summary>
    public static async Task<IResult> ApproveAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, CommentThreadSql sql,
        HttpRequest request, string thingId, string commentId, Announce announce, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(thingId, out var thing) || !Guid.TryParse(commentId, out var target)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = sql.Args(thing, new { commentId = target, callerId = caller.UserId, now = Timestamps.Now(time) });
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql.LockOwnThing, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("comment");
        var state = await conn.QuerySingleOrDefaultAsync<(bool IsHeld, bool ParentHeld)?>(new CommandDefinition(sql.HoldState, args, tx, cancellationToken: ct));
        if (state is not { } found) return Problems.NotFound("comment");
        if (!found.IsHeld) return Api.NoContent();
        if (found.ParentHeld) return Problems.Conflict("This reply answers a comment that is still held; approve that one first.");
        // Approvals of one thing take turns on its lock; a writer deleting the comment meanwhile does not, hence the check.
        if (await conn.QuerySingleOrDefaultAsync<ShownComment>(new CommandDefinition(sql.Approve, args, tx, cancellationToken: ct)) is not { } shown)
            return Problems.NotFound("comment");
        await announce(conn, tx, thing, caller.UserId, shown, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}

/// <summary>
/// A comment as it becomes shown: ParentId is its thread's top-level comment (null: it is one), ParentAuthorId that
/// comment's writer, who hears of the reply.
/// </summary>
public sealed class ShownComment
{
    public Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }
    public string Content { get; init; } = "";
    public Guid? ParentAuthorId { get; init; }
}
