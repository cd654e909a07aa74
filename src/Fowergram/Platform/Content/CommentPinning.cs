using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Pinning a comment, for every kind of thread (posts, reels, long-form videos; migrations 0100 and 0101): the thing's author
/// pins up to <see cref="Max"/> of its top-level comments, which lead the first page of its comment list.
/// </summary>
internal static class CommentPinning
{
    public const int Max = 3;

    /// <summary>
    /// Raised (actor: the thing's author) when a comment becomes pinned. Payload: commentId, the thing's id under the thread's
    /// parameter name (postId, reelId, videoId: what each area's consumers and tests key events by), commentAuthorId,
    /// entityType and entityId (the comment). Each area's notification consumer writes a comment_pin notice for its own kind.
    /// </summary>
    public const string PinnedEvent = "comment.pinned";

    /// <summary>Raised, with the same payload, when a pinned comment is unpinned: the consumers take the comment_pin notice back.</summary>
    public const string UnpinnedEvent = "comment.unpinned";

    /// <summary>
    /// The whole of PUT (<paramref name="pin"/>) or DELETE .../comments/{commentId}/pin for a thread whose statements are
    /// <paramref name="sql"/>: the caller, the route ids, one transaction around <see cref="ChangeAsync"/>; 204 when done.
    /// </summary>
    public static async Task<IResult> HandleAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, CommentThreadSql sql,
        HttpRequest request, string thingId, string commentId, bool pin, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(thingId, out var thing) || !Guid.TryParse(commentId, out var target)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = sql.Args(thing, new { commentId = target, callerId = caller.UserId, now = Timestamps.Now(time) });
        if (await ChangeAsync(conn, tx, time, sql, args, thing, target, caller.UserId, pin, ct) is { } refused) return refused;
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// Pins (<paramref name="pin"/>) or unpins the comment in <paramref name="args"/> (the thing's id under the thread's
    /// parameter name, @commentId, @callerId, @now), in <paramref name="tx"/>: null when done, else the problem. The caller's
    /// own live thing is locked first, so pins of one thing take turns and two cannot both pass the limit. Anyone else's
    /// thing, another thing's comment, a deleted one or (to pin) one whose writer the author cannot see: 404; a reply, a held
    /// comment or a pin past the limit of pins the author sees: 409. Pinning a pinned comment keeps its first pin's time;
    /// unpinning one that is not pinned changes nothing.
    /// </summary>
    private static async Task<IResult?> ChangeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, CommentThreadSql sql,
        DynamicParameters args, Guid thingId, Guid commentId, Guid callerId, bool pin, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql.LockOwnThing, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("comment");
        var target = await conn.QuerySingleOrDefaultAsync<Target>(new CommandDefinition(sql.PinTarget, args, tx, cancellationToken: ct));
        if (target is null || (pin && !target.IsSeen)) return Problems.NotFound("comment");
        if (!pin)
        {
            if (await conn.ExecuteAsync(new CommandDefinition(sql.Unpin, args, tx, cancellationToken: ct)) == 1)
                await RaiseAsync(conn, tx, time, UnpinnedEvent, sql, thingId, commentId, target.AuthorId, callerId, ct);
            return null;
        }
        if (target.IsPinned) return null;
        if (target.ParentId is not null) return Problems.Conflict("Only a top-level comment can be pinned; this one is a reply.");
        if (target.IsHeld) return Problems.Conflict("This comment is held for review; approve it before pinning it.");
        // Only the pins the author sees in their list count: one whose writer was deactivated or is blocked either way since
        // held a place they could neither see nor free, and every pin was a 409. Such pins give their places up when needed.
        var pins = await conn.QuerySingleAsync<PinCount>(new CommandDefinition(sql.PinnedCount, args, tx, cancellationToken: ct));
        if (pins.Seen >= Max) return Problems.Conflict($"At most {Max} comments can be pinned; unpin one first.");
        if (pins.Total >= Max)
            foreach (var unseen in await conn.QueryAsync<UnseenPin>(new CommandDefinition(sql.UnpinUnseen, args, tx, cancellationToken: ct)))
                await RaiseAsync(conn, tx, time, UnpinnedEvent, sql, thingId, unseen.Id, unseen.AuthorId, callerId, ct);
        // The target was read without the comment's lock: a deletion by its writer (which does not take the thing's lock)
        // committing meanwhile leaves nothing to pin, and nothing may be raised for it.
        if (await conn.ExecuteAsync(new CommandDefinition(sql.Pin, args, tx, cancellationToken: ct)) == 0) return Problems.NotFound("comment");
        await RaiseAsync(conn, tx, time, PinnedEvent, sql, thingId, commentId, target.AuthorId, callerId, ct);
        return null;
    }

    private static Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, string type, CommentThreadSql sql, Guid thingId,
        Guid commentId, Guid commentAuthorId, Guid callerId, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, time, type, callerId, new Dictionary<string, object>
        {
            ["commentId"] = commentId, [sql.Parameter] = thingId, ["commentAuthorId"] = commentAuthorId,
            ["entityType"] = sql.EntityType, ["entityId"] = commentId,
        }, ct);

    /// <summary>
    /// The comment a <see cref="PinnedEvent"/> or <see cref="UnpinnedEvent"/> is about, when it is one of <paramref name="entityType"/> (each area's consumer
    /// takes its own kind); <paramref name="thingKey"/> is the thread's parameter name (postId, reelId, videoId).
    /// </summary>
    public static PinnedComment? PinnedOf(EventEnvelope envelope, string entityType, string thingKey) =>
        envelope.Payload.TryGetProperty("entityType", out var type) && type.GetString() == entityType
            ? new PinnedComment(envelope.Payload.GetProperty("commentId").GetGuid(), envelope.Payload.GetProperty(thingKey).GetGuid(),
                envelope.Payload.GetProperty("commentAuthorId").GetGuid())
            : null;

    private sealed class Target
    {
        public Guid? ParentId { get; init; }
        public Guid AuthorId { get; init; }
        public bool IsPinned { get; init; }
        public bool IsHeld { get; init; }
        public bool IsSeen { get; init; }
    }

    private sealed class PinCount
    {
        public long Total { get; init; }
        public long Seen { get; init; }
    }

    private sealed class UnseenPin
    {
        public Guid Id { get; init; }
        public Guid AuthorId { get; init; }
    }
}

/// <summary>A pinned comment as <see cref="CommentPinning.PinnedEvent"/> tells it.</summary>
public sealed record PinnedComment(Guid CommentId, Guid ThingId, Guid CommentAuthorId);
