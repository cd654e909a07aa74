using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Co-hosts of broadcast channels: the owner invites (at most <see cref="ChannelRules.MaxCohosts"/>, open invitations
/// included) and withdraws; the invitee accepts (and may post) or declines; a co-host steps down by declining.
/// </summary>
public sealed class ChannelHostsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Invite(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update) is not { Role: "owner" } channel)
            return Problems.NotFound("channel");
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } userId) return Problems.NotFound("user");
        if (userId == caller.UserId) return SocialTargets.Self("invite");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no co-hosts.");
        var args = new { channelId, userId, owner = caller.UserId, name = channel.Name, now = Timestamps.Now(time) };
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelHostsSql.Exists, args, tx, cancellationToken: ct))) return Api.NoContent();
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelHostsSql.MaySee, args, tx, cancellationToken: ct)))
            return Problems.Conflict("A co-host must be able to see your content: on a private account, one of your followers.");
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(ChannelHostsSql.Count, args, tx, cancellationToken: ct)) >= ChannelRules.MaxCohosts)
            return Problems.Conflict($"A channel has at most {ChannelRules.MaxCohosts} co-hosts, open invitations included.");
        await conn.ExecuteAsync(new CommandDefinition(ChannelHostsSql.Invite, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The owner withdraws an invitation or removes a co-host (their messages stay).</summary>
    public async Task<IResult> Withdraw(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update) is not { Role: "owner" })
            return Problems.NotFound("channel");
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ChannelHostsSql.UserId, new { username }, tx, cancellationToken: ct)) is not { } userId)
            return Problems.NotFound("co-host");
        var args = new { channelId, userId, owner = caller.UserId };
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelHostsSql.Gone, args, tx, cancellationToken: ct))) return Problems.NotFound("co-host");
        await conn.ExecuteAsync(new CommandDefinition(ChannelHostsSql.Delete, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> Accept(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The update lock makes a join or a decline from the caller's other device wait, or wait for them: a join let in
        // beside an accept left a co-host who was also a member. A row read after waiting is as of before the wait, so what
        // it said is checked again once the accept is written.
        var channel = await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update);
        if (channel is { Role: "cohost" }) return Api.Ok(channel.ToView());
        // An ended channel is hidden from a pending invitee (ChannelsSql.Readable): its invitation cannot be taken up.
        if (channel is not { IsInvited: true }) return Problems.NotFound("invitation");
        var args = new { channelId, userId = caller.UserId, now = Timestamps.Now(time) };
        await conn.ExecuteAsync(new CommandDefinition(ChannelHostsSql.Accept, args, tx, cancellationToken: ct));
        // A decline that went first took the invitation: answering 200 would tell a non-host they host the channel.
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct) is not { Role: "cohost" } view) return Problems.NotFound("invitation");
        await tx.CommitAsync(ct);
        return Api.Ok(view.ToView());
    }

    /// <summary>Declines an open invitation, or steps down as a co-host (204; 404 when there is neither).</summary>
    public async Task<IResult> Decline(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // No visibility check: an account blocked since it was invited still answers (and so forgets) the invitation.
        var owner = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT owner_id FROM broadcast_channels WHERE id = @channelId FOR SHARE", new { channelId }, tx, cancellationToken: ct));
        var args = new { channelId, userId = caller.UserId, owner };
        if (owner is null || await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelHostsSql.Gone, args, tx, cancellationToken: ct)))
            return Problems.NotFound("invitation");
        await conn.ExecuteAsync(new CommandDefinition(ChannelHostsSql.Delete, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
