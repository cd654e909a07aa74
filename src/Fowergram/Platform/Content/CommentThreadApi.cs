using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>A comment as its thread's rules need it: whose it is and which thread it belongs to (null: top-level).</summary>
public sealed class CommentRef
{
    public Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }

    /// <summary>Held for the thing's owner to review (<see cref="CommentHolding"/>): it raised nothing, so its deletion raises nothing.</summary>
    public bool Held { get; init; }

    /// <summary>
    /// Its thread's top-level comment (itself, for a top-level one) is held: a reply to it is held too, since shown it would
    /// count and notify where nobody but its writer can reach it.
    /// </summary>
    public bool ThreadHeld { get; init; }
}

/// <summary>
/// The routes every comment thread on one kind of thing (reels, long-form videos) answers the same way: writing a comment
/// or a reply, the top-level list newest first, a thread's replies oldest first, deletion by the comment's author or the
/// thing's author (a top-level comment takes its replies with it), and liking a comment (idempotent PUT/DELETE). Each kind
/// says how to find the thing for a viewer (404 when hidden) and whether its author turned comments off, how its rows
/// become views, and which events a shown comment (with its mentions), a deleted one and a like that changed something raise.
/// </summary>
/// <typeparam name="TView">What a client gets for a comment.</typeparam>
public abstract class CommentThreadApi<TView>(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time) : ITakedown, IReinstatement
{
    protected NpgsqlDataSource Db => db;
    protected AccessTokens Tokens => tokens;
    protected TimeProvider Time => time;

    /// <summary>The thread SQL of this kind of thing.</summary>
    internal abstract CommentThreadSql Sql { get; }

    /// <summary>What a 404 names: "reel", "video".</summary>
    protected abstract string Thing { get; }

    /// <summary>Where the things' routes start ("/api/v1/reels"): a new comment's location is below it.</summary>
    protected abstract string RoutePrefix { get; }

    /// <summary>The thing's author when <paramref name="viewer"/> (null: a guest) may see it; null otherwise.</summary>
    protected abstract Task<Guid?> AuthorIfVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid thingId, CancellationToken ct);

    /// <summary>
    /// <see cref="AuthorIfVisibleAsync"/> for the thread's reads, in one statement that also answers null for a token whose
    /// account is gone (<see cref="LiveCaller.GuestOrLive"/>): the read's 404 then asks <see cref="GoneCaller.NotFoundAsync"/>,
    /// and a served read pays no round trip for the check (docs/accounts.md "Sessions").
    /// </summary>
    protected abstract Task<Guid?> AuthorIfReadableAsync(NpgsqlConnection conn, Guid? viewer, Guid thingId, CancellationToken ct);

    /// <summary>
    /// For a new comment: the thing's author and whether the author turned comments off (no new ones, the author's too), when
    /// the caller may see the thing; null otherwise.
    /// </summary>
    protected abstract Task<(Guid AuthorId, bool CommentsDisabled)?> CommentTargetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId,
        Guid thingId, CancellationToken ct);

    protected abstract TView ViewOf(CommentThreadRow row);

    /// <summary>
    /// Raises what a comment raises once shown (its created event, its mentions): when it is written shown, or when the
    /// thing's owner approves it (<see cref="CommentHolding"/>).
    /// </summary>
    protected abstract Task AnnounceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, ShownComment comment,
        CancellationToken ct);

    /// <summary>
    /// Raises the deletion events of the removed comments (the one asked for and the replies that went with it) in one
    /// statement (<see cref="Outbox.EnqueueManyAsync"/>): the replies are others', and their number must not set how many
    /// round trips the request makes.
    /// </summary>
    protected abstract Task RaiseDeletedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? actorId, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> removed, CancellationToken ct);

    /// <summary>Raises the return of the comments a reversed removal brought back (no actor; counted again, nobody notified), in one statement.</summary>
    protected abstract Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> restored, CancellationToken ct);

    /// <summary>Raises the event of a like (<paramref name="liked"/>) or an unlike that changed a row.</summary>
    protected abstract Task RaiseLikeChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid actorId, Guid thingId, CommentRef comment,
        bool liked, CancellationToken ct);

    /// <summary>
    /// POST /{things}/{id}/comments, <paramref name="fields"/> reading the content and the answered comment (parentId) from the
    /// kind's request body: 409 when comments are off, the author's comment audience may refuse the caller, and a reply needs
    /// a live comment of the thing the caller may see (404).
    /// </summary>
    protected async Task<IResult> CreateAsync<TBody>(HttpRequest request, string id, Func<TBody, (string? Content, Guid? ParentId)> fields,
        CancellationToken ct) where TBody : class
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(Thing);
        var body = await JsonBody.ReadAsync<TBody>(request, ct, JsonBody.LongTextLimitBytes);
        if (body.Error is not null) return body.Error;
        var (rawContent, parentId) = fields(body.Value!);
        if (ContentProblem(await ComposedText.WrittenAsync(db, rawContent, ct), out var content) is { } invalid) return invalid;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await CommentTargetAsync(conn, tx, caller.UserId, thingId, ct) is not { } thing) return Problems.NotFound(Thing);
        if (thing.CommentsDisabled) return Problems.Conflict($"Comments are turned off for this {Thing}.");
        if (await CommentAudience.RefusalAsync(conn, tx, thing.AuthorId, caller.UserId, ct) is { } notAllowed) return notAllowed;
        var (found, repliedTo, threadId) = await ParentAsync(conn, tx, thingId, parentId, caller.UserId, ct);
        if (!found) return Problems.NotFound("comment");

        var commentId = Ids.New(time);
        var view = await InsertAsync(conn, tx, thingId, thing.AuthorId, commentId, caller.UserId, repliedTo, threadId, content, ct);
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Comment, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"{RoutePrefix}/{thingId}/comments/{commentId}", view);
    }

    /// <summary>
    /// Top-level comments, newest first, each with the number of replies the caller may see. The first page starts with the
    /// pinned ones (at most <see cref="CommentPinning.Max"/>), beyond its limit; the pages after it continue with the others.
    /// </summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(Thing);
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await AuthorIfReadableAsync(conn, viewer, thingId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, Thing, ct);
        var rest = await PageAsync(conn, Sql.TopLevel, page, Args(thingId, new { viewer }), ct);
        if (page.After is not null) return Api.Ok(rest);
        var pinned = (await conn.QueryAsync<CommentThreadRow>(new CommandDefinition(Sql.Pinned, Args(thingId, new { viewer }), cancellationToken: ct)))
            .Select(ViewOf).ToList();
        return Api.Ok(pinned.Count == 0 ? rest : new Page<TView>([.. pinned, .. rest.Items], rest.NextCursor));
    }

    /// <summary>The thing's author pins one of its top-level comments (<see cref="CommentPinning"/>).</summary>
    public Task<IResult> Pin(HttpRequest request, string id, string commentId, CancellationToken ct) => ChangePinAsync(request, id, commentId, pin: true, ct);

    /// <summary>Unpins (204 whether or not it was pinned).</summary>
    public Task<IResult> Unpin(HttpRequest request, string id, string commentId, CancellationToken ct) => ChangePinAsync(request, id, commentId, pin: false, ct);

    /// <summary>
    /// The thing's held comments, newest first, for its owner to review (<see cref="CommentHolding"/>): anyone else who may
    /// see the thing gets a 403.
    /// </summary>
    public async Task<IResult> Held(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(Thing);
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await AuthorIfReadableAsync(conn, caller.UserId, thingId, ct) is not { } author)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, Thing, ct);
        if (author != caller.UserId) return Problems.Forbidden($"Only the {Thing}'s author reviews its held comments.");
        return Api.Ok(await PageAsync(conn, Sql.Held, page, Args(thingId, new { viewer = caller.UserId }), ct));
    }

    /// <summary>The thing's author shows a held comment, which then counts and notifies as if just written (<see cref="CommentHolding"/>).</summary>
    public Task<IResult> Approve(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        CommentHolding.ApproveAsync(db, tokens, time, Sql, request, id, commentId, AnnounceAsync, ct);

    private Task<IResult> ChangePinAsync(HttpRequest request, string id, string commentId, bool pin, CancellationToken ct) =>
        CommentPinning.HandleAsync(db, tokens, time, Sql, request, id, commentId, pin, ct);

    /// <summary>Replies of a top-level comment, oldest first.</summary>
    public async Task<IResult> Replies(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!Guid.TryParse(id, out var thingId) || !Guid.TryParse(commentId, out var parentId)) return Problems.NotFound("comment");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await AuthorIfReadableAsync(conn, viewer, thingId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, Thing, ct);
        var parent = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Sql.FindVisible,
            Args(thingId, new { commentId = parentId, viewer }), cancellationToken: ct));
        if (parent is not { ParentId: null }) return Problems.NotFound("comment");
        return Api.Ok(await PageAsync(conn, Sql.Replies, page, Args(thingId, new { parentId, viewer }), ct));
    }

    /// <summary>
    /// By the comment's author or the thing's author; anyone else's attempt, and a second one, is a 404. A commenter whom the
    /// thing is hidden from since (deleted, a block either way, an author gone private) still deletes their own comment, as on
    /// posts (docs/posts.md "Comments"): nothing they wrote is stuck; anything else there is the 404 of a missing thing.
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        Guid thingAuthor;
        if (await AuthorIfVisibleAsync(conn, tx, caller.UserId, thingId, ct) is { } visibleAuthor)
        {
            var comment = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Sql.FindLive,
                Args(thingId, new { commentId = targetId }), tx, cancellationToken: ct));
            if (comment is null || (comment.AuthorId != caller.UserId && visibleAuthor != caller.UserId)) return Problems.NotFound("comment");
            thingAuthor = visibleAuthor;
        }
        else if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(Sql.FindOwnOnAnyThing,
                     Args(thingId, new { commentId = targetId, callerId = caller.UserId }), tx, cancellationToken: ct)) is { } hiddenAuthor)
            thingAuthor = hiddenAuthor;
        else return Problems.NotFound(Thing);

        await RemoveAsync(conn, tx, caller.UserId, thingId, thingAuthor, targetId, Timestamps.Now(time), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The kind of comment reports name (reel_comment, igtv_comment): a moderator may take one down.</summary>
    public IReadOnlyCollection<string> TargetTypes => [Sql.EntityType];

    /// <summary>A moderator's removal of a reported comment: as its thing's author deleting it, with no actor (<see cref="ITakedown"/>).</summary>
    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var owning = (await conn.QueryAsync<(Guid ThingId, Guid ThingAuthorId)>(new CommandDefinition(Sql.Owning,
            new { commentId = targetId }, tx, cancellationToken: ct))).ToList();
        return owning.Count == 1 && await RemoveAsync(conn, tx, null, owning[0].ThingId, owning[0].ThingAuthorId, targetId, now, ct) > 0
            ? Takedown.Removed
            : Takedown.Gone;
    }

    /// <summary>The kind a reversed appeal brings back (<see cref="IReinstatement"/>): a comment keeps no objects, so nothing is held.</summary>
    public string TargetType => Sql.EntityType;

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) => Task.FromResult(true);

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        // The thing first, as pins take it, so the comment's kept pin is counted against the others (CommentThreadSql.Reinstate).
        await conn.ExecuteAsync(new CommandDefinition(Sql.LockThingOf, new { targetId }, tx, cancellationToken: ct));
        // Then a reply's comment, as a new reply locks its thread: its removal cannot cross the reply coming back.
        await conn.ExecuteAsync(new CommandDefinition(Sql.LockParentOf, new { targetId }, tx, cancellationToken: ct));
        var back = (await conn.QueryAsync<ReinstatedComment>(new CommandDefinition(Sql.Reinstate, new { targetId, now }, tx, cancellationToken: ct))).ToList();
        // A held comment raised nothing when written or removed, so its return raises nothing either.
        foreach (var thing in back.Where(r => !r.Held).GroupBy(r => (r.ThingId, r.ThingAuthorId)))
            await RaiseRestoredAsync(conn, tx, thing.Key.ThingId, thing.Key.ThingAuthorId, thing.Select(r => r.Ref).ToList(), ct);
        return back.Count > 0;
    }

    /// <summary>Soft-deletes a comment with its replies and raises the deletion of each that was shown; answers how many went.</summary>
    private async Task<int> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? actor, Guid thingId, Guid thingAuthor, Guid commentId,
        DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(Sql.LockForRemoval, Args(thingId, new { commentId }), tx, cancellationToken: ct));
        var removed = (await conn.QueryAsync<CommentRef>(new CommandDefinition(Sql.SoftDelete,
            Args(thingId, new { commentId, now }), tx, cancellationToken: ct))).ToList();
        await RaiseDeletedAsync(conn, tx, actor, thingId, thingAuthor, removed.Where(r => !r.Held).ToList(), ct);
        return removed.Count;
    }

    /// <summary>Likes a comment the caller may see, on a thing the caller may see; a second like changes nothing (204 again).</summary>
    public Task<IResult> Like(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        ChangeLikeAsync(request, id, commentId, liked: true, ct);

    /// <summary>Takes the caller's like back; without one, changes nothing (204).</summary>
    public Task<IResult> Unlike(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        ChangeLikeAsync(request, id, commentId, liked: false, ct);

    private async Task<IResult> ChangeLikeAsync(HttpRequest request, string id, string commentId, bool liked, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var visible = await AuthorIfVisibleAsync(conn, tx, caller.UserId, thingId, ct) is not null;
        var comment = !visible ? null : await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Sql.FindVisible,
            Args(thingId, new { commentId = targetId, viewer = caller.UserId }), tx, cancellationToken: ct));
        if (comment is null)
        {
            // Hidden from the caller (the thing, or the comment: a block, its deletion): their own like still goes, as on posts;
            // without one the 404 is the one a missing thing or comment gets.
            if (!liked && await UnlikeHiddenAsync(conn, tx, caller.UserId, thingId, targetId, ct)) return Api.NoContent();
            return Problems.NotFound(visible ? "comment" : Thing);
        }
        var changed = await conn.ExecuteAsync(new CommandDefinition(liked ? Sql.Like : Sql.Unlike,
            new { viewer = caller.UserId, commentId = targetId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (changed == 1) await RaiseLikeChangedAsync(conn, tx, caller.UserId, thingId, comment, liked, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Takes the caller's like off a comment hidden from them, raising the unlike; false when they had none there.</summary>
    private async Task<bool> UnlikeHiddenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId, Guid thingId, Guid commentId,
        CancellationToken ct)
    {
        var writer = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(Sql.UnlikeOwnAnywhere,
            Args(thingId, new { viewer = callerId, commentId }), tx, cancellationToken: ct));
        if (writer is not { } commentAuthor) return false;
        await RaiseLikeChangedAsync(conn, tx, callerId, thingId, new CommentRef { Id = commentId, AuthorId = commentAuthor }, liked: false, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>A comment's text trimmed, or the 400 naming <c>content</c>: required, at most 2,200 characters and 30 hashtags.</summary>
    private static IResult? ContentProblem(string? raw, out string content)
    {
        content = raw?.Trim() ?? "";
        var errors = new Validation().Required("content", content);
        if (CaptionText.Problem(content, CaptionText.Parse(content)) is { } problem) errors.Add("content", problem);
        return errors.IsValid ? null : errors.ToProblem();
    }

    /// <summary>
    /// The comment a new one answers: found is false when <paramref name="parentId"/> names no live comment of the thing
    /// whose author the viewer may see (a 404); the thread is the answered comment's own, or its parent's for a reply to
    /// a reply (one level of replies).
    /// </summary>
    private async Task<(bool Found, CommentRef? RepliedTo, Guid? ThreadId)> ParentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId,
        Guid? parentId, Guid viewer, CancellationToken ct)
    {
        if (parentId is not { } id) return (true, null, null);
        // The thread first, so a removal of it cannot cross the reply (CommentThreadSql.LockThread); then a fresh look.
        await conn.ExecuteAsync(new CommandDefinition(Sql.LockThread, Args(thingId, new { commentId = id }), tx, cancellationToken: ct));
        var repliedTo = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Sql.FindVisible,
            Args(thingId, new { commentId = id, viewer }), tx, cancellationToken: ct));
        return repliedTo is null ? (false, null, null) : (true, repliedTo, repliedTo.ParentId ?? repliedTo.Id);
    }

    /// <summary>
    /// Writes the comment — held when the thing's author restricts its writer or hides one of its words (<see cref="CommentHolding"/>), else announced
    /// (<see cref="AnnounceAsync"/>) — and reads it back as the writer sees it.
    /// </summary>
    private async Task<TView> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, Guid commentId,
        Guid authorId, CommentRef? repliedTo, Guid? threadId, string content, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var heldAt = repliedTo is { ThreadHeld: true } ? now : await CommentHolding.HeldAtAsync(conn, tx, thingAuthorId, authorId, content, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(Sql.Insert,
            Args(thingId, new { id = commentId, authorId, parentId = threadId, content, now, heldAt }), tx, cancellationToken: ct));
        if (heldAt is null)
            await AnnounceAsync(conn, tx, thingId, thingAuthorId, new ShownComment
            {
                Id = commentId, ParentId = threadId, AuthorId = authorId, Content = content, ParentAuthorId = repliedTo?.AuthorId,
            }, ct);
        return ViewOf(await conn.QuerySingleAsync<CommentThreadRow>(new CommandDefinition(Sql.One,
            new { commentId, viewer = authorId }, tx, cancellationToken: ct)));
    }

    /// <summary>The statement's own arguments and the thing's id under the name the thread SQL binds it by.</summary>
    protected DynamicParameters Args(Guid thingId, object more) => Sql.Args(thingId, more);

    private async Task<Page<TView>> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<CommentThreadRow>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct)).Map(ViewOf);
}

/// <summary>A comment a reversed removal brought back, with its thing and the thing's author.</summary>
internal sealed class ReinstatedComment
{
    public Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }
    public bool Held { get; init; }
    public Guid ThingId { get; init; }
    public Guid ThingAuthorId { get; init; }

    public CommentRef Ref => new() { Id = Id, ParentId = ParentId, AuthorId = AuthorId, Held = Held };
}
