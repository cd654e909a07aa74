using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// Broadcast channels (docs/messages.md "Broadcast channels"): create, read, edit, end; an account's channels, the caller's
/// own and their co-host invitations.
/// </summary>
public sealed class ChannelsApi(NpgsqlDataSource db, AccessTokens tokens, VisibilityPolicy visibility, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateChannelRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var composed = await ComposedText.WrittenAsync(db,
            [(body.Value!.Name, ChannelRules.MaxNameLength), (body.Value.Description, ChannelRules.MaxDescriptionLength)], ct);
        var name = ChannelRules.Name(composed[0], errors);
        var description = ChannelRules.Description(composed[1], errors);
        if (!errors.IsValid) return errors.ToProblem();

        var args = new { channelId = Ids.New(time), viewer = caller.UserId, name, description, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(ChannelsSql.LockOwnerAndCountLive, args, tx, cancellationToken: ct))
            >= ChannelRules.MaxLiveChannels)
            return Problems.Conflict($"An account has at most {ChannelRules.MaxLiveChannels} live channels; end one first.");
        await conn.ExecuteAsync(new CommandDefinition(ChannelsSql.Insert, args, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, ChannelEvents.Created, caller.UserId, ChannelEvent.Of(args.channelId, caller.UserId), ct);
        var view = await ChannelAccess.FindAsync(conn, tx, caller.UserId, args.channelId, ct);
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/channels/{args.channelId}", view!.ToView());
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        return channel is null ? refused! : Api.Ok(channel.ToView());
    }

    /// <summary>PATCH (a merge patch): <c>name</c>, <c>description</c> (null clears it). The owner's, while the channel is live.</summary>
    public async Task<IResult> Edit(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        var errors = new Validation();
        var (patch, bad) = await MergePatch.ReadAsync(request, errors, ct);
        if (bad is not null) return bad;
        await ComposedText.WrittenAsync(db, patch!, [("name", ChannelRules.MaxNameLength), ("description", ChannelRules.MaxDescriptionLength)], ct);
        string? name = null, description = null;
        if (patch!.String("name", out var rawName, nullable: false)) name = ChannelRules.Name(rawName, errors);
        var setDescription = patch.String("description", out var rawDescription);
        if (setDescription) description = ChannelRules.Description(rawDescription, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { channelId, viewer = caller.UserId, name, description, setDescription, now = Timestamps.Now(time) };
        // Locked as an end locks it: an end committing meanwhile is a 409 here, not an update that matched nothing and a 200.
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update) is not { Role: "owner" } channel)
            return Problems.NotFound("channel");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it can no longer be edited.");
        await conn.ExecuteAsync(new CommandDefinition(ChannelsSql.Edit, args, tx, cancellationToken: ct));
        var view = await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(view!.ToView());
    }

    /// <summary>The owner ends the channel: members keep reading its history; no message, join or co-host joins it any more.</summary>
    public async Task<IResult> End(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { channelId, viewer = caller.UserId, now = Timestamps.Now(time) };
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update) is not { Role: "owner" } channel)
            return Problems.NotFound("channel");
        // Open co-host invitations stay (the owner may still withdraw them); an ended channel is hidden from a pending
        // invitee, so none can be accepted any more.
        // Its scheduled messages will never be posted: they go with it, their uploads released.
        if (channel.EndedAt is null && await conn.ExecuteAsync(new CommandDefinition(ChannelsSql.End, args, tx, cancellationToken: ct)) == 1)
        {
            // Each co-host's dropped message is told to its sender, as the job tells one it drops (the owner ended it: nothing to tell).
            await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.DropOfChannel, new
            {
                channelId, viewer = caller.UserId, args.now, notice = ScheduledChannelMessages.DroppedNotice(channel.Name, "the channel has ended"),
            }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, ChannelEvents.Ended, caller.UserId, ChannelEvent.Of(channelId, caller.UserId), ct);
        }
        var view = await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(view!.ToView());
    }

    /// <summary>GET /users/{username}/channels: the account's channels the caller may see (live ones; ended ones to their readers).</summary>
    public async Task<IResult> OfUser(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await visibility.FindVisibleProfileAsync(caller.UserId, username, ct) is not { } ownerId)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "user", ct);
        return await PageAsync(conn, ChannelsSql.OfOwner, page, new { viewer = caller.UserId, ownerId }, ct);
    }

    /// <summary>
    /// GET /channels/suggested: live channels the caller may see and could join, those of accounts they follow first, then by
    /// member count. A top-N list (<c>limit</c> 1–50, default 20) without a cursor: member counts move between two pages, so a
    /// keyset over them would skip or repeat channels.
    /// </summary>
    public async Task<IResult> Suggested(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Made from the account's follows, as its account suggestions are: a gone account's token reads neither (401).
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return await RankedAsync(conn, ChannelsSql.Suggested, new { viewer = caller.UserId, limit }, ct);
    }

    /// <summary>
    /// GET /channels/trending: live channels the caller may see and could join, by the members who joined in the last week
    /// (<see cref="ChannelRules.TrendingWindow"/>) and still are, then by members, then newest. A top-N list without a cursor,
    /// as suggestions are, for the same reason: the counts move between two pages.
    /// </summary>
    public async Task<IResult> Trending(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var since = Timestamps.Now(time) - ChannelRules.TrendingWindow;
        var rows = (await conn.QueryAsync<ChannelRow>(new CommandDefinition(ChannelsSql.Trending, new { viewer = caller.UserId, limit, since }, cancellationToken: ct))).ToList();
        // The statement reads nothing for a gone account: only an empty list asks which it was.
        if (rows.Count == 0 && !await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(new ItemsResponse<ChannelView>(rows.Select(r => r.ToView()).ToList()));
    }

    /// <summary>A ranked top-N list of channels (<c>{items}</c>, no cursor), in the statement's order.</summary>
    private static async Task<IResult> RankedAsync(NpgsqlConnection conn, string sql, object args, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<ChannelRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return Api.Ok(new ItemsResponse<ChannelView>(rows.Select(r => r.ToView()).ToList()));
    }

    /// <summary>GET /users/me/channels: owned, co-hosted and joined channels, newest first, members' with their unread counts.</summary>
    public async Task<IResult> Mine(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return await PageAsync(conn, ChannelsSql.Mine, page, new { viewer = caller.UserId }, ct);
    }

    /// <summary>GET /users/me/channel-invitations: open co-host invitations, newest first.</summary>
    public async Task<IResult> Invitations(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return await PageAsync(conn, ChannelsSql.Invitations, page, new { viewer = caller.UserId }, ct);
    }

    private static async Task<IResult> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        Api.Ok(await ReadPageAsync(conn, sql, page, args, ct));

    /// <summary>A keyset page of channel rows (with <c>since</c>, the list's order) as views.</summary>
    internal static async Task<Page<ChannelView>> ReadPageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<ChannelRow>(conn, sql, page, args, r => new Cursor(r.Since, r.Id), ct)).Map(r => r.ToView());

    /// <summary>The channels of <paramref name="ids"/> the viewer may see, as views in that order.</summary>
    internal static async Task<IReadOnlyList<ChannelView>> LoadAsync(NpgsqlConnection conn, Guid viewer, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<ChannelRow>(new CommandDefinition(ChannelsSql.Some, new { viewer, ids = ids.ToArray() }, cancellationToken: ct)))
            .ToDictionary(r => r.Id);
        return ids.Where(rows.ContainsKey).Select(id => rows[id].ToView()).ToList();
    }
}
