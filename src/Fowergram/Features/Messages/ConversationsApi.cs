using System.Data;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The inbox (docs/messages.md): open a one-to-one thread or start a group, list threads by folder, read one,
/// rename a group, archive or mute a thread for oneself, and the unread badge.
/// </summary>
public sealed class ConversationsApi(NpgsqlDataSource db, AccessTokens tokens, VanishingRule vanishing, TimeProvider time, IdempotentRequests idempotency)
{
    private static readonly string[] Folders = ["inbox", "requests", "hidden", "archived"];

    /// <summary>A one-to-one thread is opened once per pair: 201 the first time, 200 with the same thread after.</summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateConversationRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var people = ConversationRules.People(body.Value!.UserIds, caller.UserId, errors);
        var name = ConversationRules.Name(await ComposedText.WrittenAsync(db, body.Value.Name, ConversationRules.MaxNameLength, ct), errors);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (!await AllReachableAsync(conn, tx, viewer, people, ct)) return Problems.NotFound("user");

        Guid conversationId;
        var created = true;
        if (people.Length == 1 && name is null)
        {
            (conversationId, created) = await OpenDirectAsync(conn, tx, time, viewer, people[0], now, ct);
        }
        else
        {
            conversationId = Ids.New(time);
            await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.CreateGroup, new { id = conversationId, name, viewer, now }, tx, cancellationToken: ct));
            await JoinAsync(conn, tx, conversationId, viewer, [viewer, .. people], admin: viewer, now, ct);
        }
        var view = (await ConversationViews.OneAsync(conn, tx, viewer, vanishing.StillSince(), time.GetUtcNow(), conversationId, ct))!;
        await tx.CommitAsync(ct);
        return created ? Api.Created($"/api/v1/conversations/{conversationId}", view) : Api.Ok(view);
    }

    /// <summary>
    /// ?folder=inbox (default), requests, hidden (hidden requests) or archived; most recently active first. The inbox's first
    /// page (no cursor) starts with the caller's pinned threads, beyond its limit, which the keyset pages leave out.
    /// </summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var folder = request.Query["folder"].ToString();
        if (folder.Length == 0) folder = "inbox";
        if (!Folders.Contains(folder)) return Problems.Validation("folder", $"Must be one of: {string.Join(", ", Folders)}.");
        var viewer = caller.UserId;
        var pinnedFirst = folder == "inbox" && page.After is null;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        // One snapshot for both parts: a pin or an unpin landing between them would show a thread twice, or not at all.
        await using var tx = pinnedFirst ? await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct) : null;
        List<ConversationRow> pinned = pinnedFirst
            ? [.. await conn.QueryAsync<ConversationRow>(new CommandDefinition(ConversationsSql.Pinned, new { viewer }, tx, cancellationToken: ct))]
            : [];
        var rows = Page<ConversationRow>.From([.. await conn.QueryAsync<ConversationRow>(new CommandDefinition(ConversationsSql.Inbox,
            KeysetSql.Parameters(page, new { viewer, folder }), tx, cancellationToken: ct))], page.Limit, r => new Cursor(r.LastActivityAt, r.Id));
        var views = await ConversationViews.BuildAsync(conn, tx, viewer, vanishing.StillSince(), time.GetUtcNow(), [.. pinned, .. rows.Items], ct);
        return Api.Ok(new Page<ConversationView>(views, rows.NextCursor));
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var conversationId)) return Problems.NotFound("conversation");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ConversationViews.OneAsync(conn, null, caller.UserId, vanishing.StillSince(), time.GetUtcNow(), conversationId, ct, ConversationsSql.OneShown)
            is { } view ? Api.Ok(view) : await GoneCaller.NotFoundAsync(conn, caller.UserId, "conversation", ct);
    }

    /// <summary>Merge patch: name (groups; any member on a live account, null clears it), isArchived and isMuted (the caller's copy only).</summary>
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var errors = new Validation();
        var (patch, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, patch!, "name", ConversationRules.MaxNameLength, ct);
        var setName = patch!.String("name", out var rawName);
        var name = ConversationRules.Name(rawName, errors);
        var setArchived = patch.Boolean("isArchived", out var archived);
        var setMuted = patch.Boolean("isMuted", out var muted);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A name is every member's to see: a token that outlived its account may not set one (its own copy's flags stay its own).
        if (setName && !await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (await Membership.FindAsync(conn, tx, viewer, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (setName)
        {
            if (!member.IsGroup)
                return Problems.Conflict("A one-to-one conversation has no name.", new Dictionary<string, string[]> { ["name"] = ["Only groups have names."] });
            // Every member sees a new name: from a copy that is still a request it would tell them the request was read.
            if (member.Status == "request") return Problems.Conflict("Accept this message request before renaming the group.");
            await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.Rename, new { conversationId = member.Id, name, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.SetFlags,
            new { conversationId = member.Id, viewer, setArchived, archived, setMuted, muted }, tx, cancellationToken: ct));
        var view = (await ConversationViews.OneAsync(conn, tx, viewer, vanishing.StillSince(), time.GetUtcNow(), member.Id, ct))!;
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>The badge: threads in the inbox (not muted) and requests with unread messages.</summary>
    public async Task<IResult> Unread(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        var counts = await conn.QuerySingleAsync<(long Conversations, long Requests)>(new CommandDefinition(ConversationsSql.UnreadCounts,
            new { viewer = caller.UserId }, cancellationToken: ct));
        return Api.Ok(new UnreadView((int)counts.Conversations, (int)counts.Requests));
    }

    /// <summary>
    /// The one-to-one thread of the caller and <paramref name="other"/>, opened the first time (Created): once per pair,
    /// concurrent opens converging on one row. Opening again brings the thread back to a caller who had deleted it; the
    /// other side comes back with a message.
    /// </summary>
    internal static async Task<(Guid Id, bool Created)> OpenDirectAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid viewer,
        Guid other, DateTimeOffset now, CancellationToken ct)
    {
        var directKey = ConversationRules.DirectKey(viewer, other);
        var opened = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ConversationsSql.OpenDirect,
            new { id = Ids.New(time), directKey, viewer, now }, tx, cancellationToken: ct));
        var id = opened ?? await conn.ExecuteScalarAsync<Guid>(new CommandDefinition(ConversationsSql.FindDirect, new { directKey }, tx, cancellationToken: ct));
        // A caller who had deleted the chat comes back with its read mark cleared: what it read in vanish mode goes first.
        if (opened is null) await MessageVanishJob.VanishBeforeReturnAsync(conn, tx, time, id, now, ct);
        await JoinAsync(conn, tx, id, viewer, opened is not null ? [viewer, other] : [viewer], admin: null, now, ct);
        return (id, opened is not null);
    }

    internal static async Task<bool> AllReachableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid[] userIds, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition(ConversationsSql.Reachable, new { userIds, viewer }, tx, cancellationToken: ct))).Count() == userIds.Length;

    internal static Task JoinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid conversationId, Guid viewer, Guid[] userIds, Guid? admin,
        DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(ConversationsSql.Join, new { conversationId, viewer, userIds, admin, now }, tx, cancellationToken: ct));
}
