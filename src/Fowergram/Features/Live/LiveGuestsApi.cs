using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// Guests of a live broadcast (docs/live.md "Guests", migration 0167), Instagram's Live Rooms. The broadcaster invites
/// accounts that may see the broadcast (PUT, with a notice) and withdraws an invitation or removes a guest (DELETE); the
/// invited account accepts — getting its own stream key for the provider's ingest — declines, and later leaves. At most
/// <see cref="LiveGuestsSql.MaxJoined"/> on the air at once. Every write holds the broadcast's row lock, as joins and leaves
/// of viewers do, so the count is exact and nothing lands after the broadcast's end (which closes what is open).
/// </summary>
public sealed class LiveGuestsApi(NpgsqlDataSource db, AccessTokens tokens, LiveReader reader, TimeProvider time)
{
    /// <summary>PUT /live/{id}/guests/{username}: 204, idempotent; a new or renewed invitation notifies the account.</summary>
    public async Task<IResult> Invite(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The invited account's row before the broadcast's, the order its suspension or deletion takes (LockInvitee).
        await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.LockInvitee, new { username }, tx, cancellationToken: ct));
        var status = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, new { streamId, callerId = caller.UserId }, tx,
            cancellationToken: ct));
        if (status is null) return Problems.NotFound("live stream");
        // Under the broadcast's lock, which a suspension or deletion takes too (LiveGuestDeparture): one committed is seen.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } guest) return Problems.NotFound("user");
        if (guest == caller.UserId) return SocialTargets.Self("invite");
        if (status != "live") return Problems.Conflict($"Guests are invited while the broadcast is live; this one's status is '{status}'.");
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LiveSql.CanSee, new { streamId, viewer = guest }, tx, cancellationToken: ct)) is null)
            return Problems.Conflict($"{username} cannot see this broadcast, so cannot join it.");
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiveGuestsSql.OpenInvitations, new { streamId, guest }, tx, cancellationToken: ct))
            >= LiveGuestsSql.MaxInvited)
            return Problems.Conflict($"This broadcast has {LiveGuestsSql.MaxInvited} open invitations; withdraw one first.");
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(LiveGuestsSql.Invite,
            new { streamId, guest, broadcaster = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>DELETE /live/{id}/guests/{username}: an open invitation is withdrawn, a guest on the air removed; 204 either way, and for nothing.</summary>
    public async Task<IResult> Withdraw(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, new { streamId, callerId = caller.UserId }, tx,
                cancellationToken: ct)) is null) return Problems.NotFound("live stream");
        // Its own guests are found by name whatever it may see of them (OwnGuest), so a gone account's token would still withdraw.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if ((await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx)
             ?? await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LiveGuestsSql.OwnGuest, new { streamId, username }, tx, cancellationToken: ct)))
            is not { } guest) return Problems.NotFound("user");
        await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Withdraw, new { streamId, guest, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /live/{id}/guests: who is on the air with the broadcaster; the broadcaster also sees open invitations.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        var viewer = caller?.UserId;
        var broadcaster = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT ls.user_id FROM live_streams ls WHERE ls.id = @streamId AND " + LiveSql.ShownTo, new { streamId, viewer }, cancellationToken: ct));
        if (broadcaster is null) return await GoneCaller.NotFoundAsync(conn, viewer, "live stream", ct);
        var rows = await conn.QueryAsync<GuestRow>(new CommandDefinition(LiveGuestsSql.List,
            new { streamId, viewer, isBroadcaster = broadcaster == viewer }, cancellationToken: ct));
        return Api.Ok(new ItemsResponse<LiveGuestView>(rows.Select(r => r.ToView()).ToList()));
    }

    /// <summary>
    /// POST /live/{id}/guest/accept: on the air, with a stream key of one's own (shown in this answer only) and the ingest URL.
    /// 409 when the broadcast is not live or already has its guests; 404 without an open invitation; 401 for an account gone since
    /// the token was issued.
    /// </summary>
    public async Task<IResult> Accept(HttpRequest request, string id, CancellationToken ct) =>
        await AnswerAsync(request, id, async (conn, tx, streamId, caller, now) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.LeaveGone, new { streamId, now }, tx, cancellationToken: ct));
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiveGuestsSql.Joined, new { streamId }, tx, cancellationToken: ct))
                >= LiveGuestsSql.MaxJoined)
                return Problems.Conflict($"This broadcast already has {LiveGuestsSql.MaxJoined} guests on the air; the invitation stays open.");
            var key = SecretToken.New();
            var ingestUrl = await conn.ExecuteScalarAsync<string>(new CommandDefinition(LiveGuestsSql.Accept,
                new { streamId, guest = caller.UserId, now, keyHash = SecretToken.Hash(key) }, tx, cancellationToken: ct));
            // Guests are not viewers: a viewer brought on the air stops watching (its seconds kept), and the count drops.
            await LiveAudience.CloseAsync(conn, tx, streamId, caller.UserId, now, ct);
            // The answer is read before the commit: read after, a block or suspension committed in between left nothing to
            // answer with (a 500), and the guest stood on the air with a key it never saw. Not visible now → nothing is kept.
            if (await reader.ReadAsync(conn, caller.UserId, streamId, ct, tx) is not { } view || ingestUrl is null)
                return Problems.NotFound("live stream");
            await tx.CommitAsync(ct);
            return Api.Ok(new JoinedAsGuest(view, ingestUrl, key));
        }, ct);

    /// <summary>POST /live/{id}/guest/decline: 204; 404 without an open invitation.</summary>
    public Task<IResult> Decline(HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, id, async (conn, tx, streamId, caller, now) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Decline, new { streamId, guest = caller.UserId, now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return Api.NoContent();
        }, ct);

    /// <summary>POST /live/{id}/guest/leave: off the air, the key void; 204, and again; 404 for an account never on the air.</summary>
    public async Task<IResult> Leave(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The broadcast's lock first, the order every guest write takes; a guest may leave whatever they can see now.
        await conn.ExecuteAsync(new CommandDefinition("SELECT 1 FROM live_streams WHERE id = @streamId FOR NO KEY UPDATE", new { streamId }, tx,
            cancellationToken: ct));
        var row = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveGuestsSql.LockOwnRow, new { streamId, guest = caller.UserId }, tx,
            cancellationToken: ct));
        // Never on the air (open, declined, expired): nothing to leave. Left or removed: a leave again is the same 204.
        if (row is null or "invited" or "declined" or "expired") return Problems.NotFound("guest");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Leave, new { streamId, guest = caller.UserId, now = Timestamps.Now(time) }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /users/me/live-invitations: the caller's open invitations to live broadcasts they may see, newest first.</summary>
    public async Task<IResult> Invitations(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await reader.PageAsync(conn, caller.UserId, LiveGuestsSql.Invitations, page, new { viewer = caller.UserId }, ct));
    }

    /// <summary>
    /// An invited account's answer: the broadcast locked (visible to the caller, live), the caller's row locked and open;
    /// else 404 (no broadcast they may see, no open invitation) or 409 (not live).
    /// </summary>
    private async Task<IResult> AnswerAsync(HttpRequest request, string id,
        Func<NpgsqlConnection, NpgsqlTransaction, Guid, Caller, DateTimeOffset, Task<IResult>> answer, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stream = await conn.QuerySingleOrDefaultAsync<LockedStream>(new CommandDefinition(LiveSql.LockVisible,
            new { streamId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (stream is null) return Problems.NotFound("live stream");
        if (await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveGuestsSql.LockOwnRow, new { streamId, guest = caller.UserId }, tx,
                cancellationToken: ct)) != "invited")
            return Problems.Problem(StatusCodes.Status404NotFound, "Not found.", "You have no open invitation to this broadcast.");
        if (stream.Status != "live") return Problems.Conflict($"Only a live broadcast takes guests; this one's status is '{stream.Status}'.");
        // A token outlives its account: a deleted or suspended one takes no place on the air, gets no key, and answers nothing.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        return await answer(conn, tx, streamId, caller, Timestamps.Now(time));
    }
}

internal sealed class GuestRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset InvitedAt { get; init; }
    public DateTimeOffset? JoinedAt { get; init; }

    public LiveGuestView ToView() => new(new Fowergram.Platform.Content.UserSummary(Id, Username, FullName, Avatar, IsVerified), Status, InvitedAt, JoinedAt);
}
