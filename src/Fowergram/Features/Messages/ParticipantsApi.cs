using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// One's place in a thread: accept a request, mark read, add people to a group, leave (or delete a one-to-one
/// chat for oneself), and an admin removing someone.
/// </summary>
public sealed class ParticipantsApi(NpgsqlDataSource db, AccessTokens tokens, VanishingRule vanishing, TimeProvider time)
{
    /// <summary>Moves a request into the inbox; 204 also when it already was there.</summary>
    public async Task<IResult> Accept(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var conversationId)) return Problems.NotFound("conversation");
        await using var conn = await db.OpenConnectionAsync(ct);
        var (callerLive, accepted) = await conn.QuerySingleAsync<(bool, bool)>(new CommandDefinition(ConversationsSql.Accept,
            new { conversationId, viewer = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return !callerLive ? Problems.AccountGone() : accepted ? Api.NoContent() : Problems.NotFound("conversation");
    }

    /// <summary>
    /// The caller has read up to a message (body <c>{"messageId": …}</c>), or the whole thread (no body). The mark
    /// only moves forward. Others see it as "Seen" unless the caller's copy is still a request.
    /// </summary>
    public async Task<IResult> MarkRead(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        Guid? messageId = null;
        if (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            var body = await JsonBody.ReadAsync<MarkReadRequest>(request, ct);
            if (body.Error is not null) return body.Error;
            messageId = body.Value!.MessageId;
        }
        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a gone caller marks nothing. Read with the membership, not by a query of its own: read
        // receipts are the threads' hottest write.
        var (callerLive, found) = await Membership.FindLiveAsync(conn, tx, viewer, id, ct);
        if (!callerLive) return Problems.AccountGone();
        if (found is not { } member) return Problems.NotFound("conversation");
        // The target stays key-share locked until the mark is in: an unsend (or the vanish job) racing it commits first, and
        // the mark is a 404 (or goes to the newest message left), or waits: a mark never names a message that is not there.
        var read = await conn.QuerySingleOrDefaultAsync<Position>(new CommandDefinition(ConversationsSql.ReadTarget,
            new { conversationId = member.Id, joinedAt = member.JoinedAt, messageId, stillSince = vanishing.StillSince() }, tx, cancellationToken: ct));
        if (read is null) return messageId is null ? Api.NoContent() : Problems.NotFound("message");
        await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.MarkRead,
            new { conversationId = member.Id, viewer, at = read.CreatedAt, messageId = read.Id, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Any member may add people to a group (as on Instagram); they see the messages from their joining on.</summary>
    public async Task<IResult> Add(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<AddParticipantsRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var people = ConversationRules.People(body.Value!.UserIds, caller.UserId, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (await Membership.FindAsync(conn, tx, viewer, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (!member.IsGroup) return Problems.Conflict("A one-to-one conversation can't take more people; start a group with them instead.");
        // The group sees who added whom: from a copy that is still a request it would tell them the request was read.
        if (member.Status == "request") return Problems.Conflict("Accept this message request before adding people to the group.");
        if (!await ConversationsApi.AllReachableAsync(conn, tx, viewer, people, ct)) return Problems.NotFound("user");
        await ConversationsApi.JoinAsync(conn, tx, member.Id, viewer, people, admin: null, Timestamps.Now(time), ct);
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ConversationsSql.CurrentCount, new { conversationId = member.Id }, tx, cancellationToken: ct))
            > ConversationRules.MaxParticipants)
            return Problems.Conflict($"A conversation has at most {ConversationRules.MaxParticipants} people.");
        var view = (await ConversationViews.OneAsync(conn, tx, viewer, vanishing.StillSince(), time.GetUtcNow(), member.Id, ct))!;
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>
    /// <paramref name="userId"/> "me" (or one's own id): leave a group, or delete a one-to-one chat for oneself (it
    /// comes back, empty, with the next message). Someone else: a group admin removes them.
    /// </summary>
    public async Task<IResult> Remove(HttpRequest request, string id, string userId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var viewer = caller.UserId;
        Guid target;
        if (userId == "me") target = viewer;
        else if (!Guid.TryParse(userId, out target)) return Problems.NotFound("participant");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Removing someone else is an admin's act on others: not for a token that outlived its account. Leaving stays one's own.
        if (target != viewer && !await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (await Membership.FindAsync(conn, tx, viewer, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (target != viewer)
        {
            if (!member.IsGroup) return Problems.Conflict("Nobody can be removed from a one-to-one conversation.");
            if (!await GroupAdmins.MayActAsync(conn, tx, member, viewer, ct)) return Problems.Forbidden("Only a group's admins can remove people.");
            // The group sees who removed whom: from a copy that is still a request it would tell them the request was read.
            // Leaving (target == viewer) stays open: it is how a request is declined.
            if (member.Status == "request") return Problems.Conflict("Accept this message request before removing people from the group.");
        }
        var args = new { conversationId = member.Id, userId = target, now = Timestamps.Now(time) };
        if (await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.Leave, args, tx, cancellationToken: ct)) == 0)
            return Problems.NotFound("participant");
        if (member.IsGroup) await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.KeepAnAdmin, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private sealed class Position
    {
        public Guid Id { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
