using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Membership of broadcast channels: join, leave, mute, the read marker, and the owner's side (the member list, removal).
/// Who may join is who may see the channel (<see cref="ChannelsSql.Readable"/>): a private account's approved followers, no
/// block either way, while the channel is live.
/// </summary>
public sealed class ChannelMembersApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Join(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        var args = new { channelId, viewer = caller.UserId, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // A removed member is answered as anyone who may not see the channel: the owner's decision is not announced.
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct) is not { } channel
            || await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelMembersSql.WasRemoved, args, tx, cancellationToken: ct)))
            return Problems.NotFound("channel");
        // Read again under the lock: an accept of the caller's co-host invitation that held the channel read above commits
        // before the lock is granted, and the row read is as of before it (joining then made a co-host a member too).
        if (channel.IsHost || await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelMembersSql.IsCohost, args, tx, cancellationToken: ct)))
            return Problems.Conflict("You host this channel; hosts are not its members.");
        if (channel.Role == "member") return Api.NoContent();
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no new members.");
        await conn.ExecuteAsync(new CommandDefinition(ChannelMembersSql.Join, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>204 whether or not the caller was a member (of a channel they may see).</summary>
    public async Task<IResult> Leave(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        // No visibility check: an account that can no longer see the channel (blocked, unfollowed) still leaves it.
        var (live, left) = await conn.QuerySingleAsync<(bool, int)>(new CommandDefinition(ChannelMembersSql.Leave,
            new { channelId, viewer = caller.UserId }, cancellationToken: ct));
        if (!live) return Problems.AccountGone();
        if (left == 0 && await ChannelAccess.FindAsync(conn, null, caller.UserId, channelId, ct) is null) return Problems.NotFound("channel");
        return Api.NoContent();
    }

    public Task<IResult> Mute(HttpRequest request, string id, CancellationToken ct) =>
        WriteOwnRowAsync(request, id, ChannelMembersSql.Mute, (channelId, viewer) => new { channelId, viewer, muted = true }, ct);

    public Task<IResult> Unmute(HttpRequest request, string id, CancellationToken ct) =>
        WriteOwnRowAsync(request, id, ChannelMembersSql.Mute, (channelId, viewer) => new { channelId, viewer, muted = false }, ct);

    /// <summary>POST /channels/{id}/read: the member has read up to the newest message; their unread count drops to 0.</summary>
    public Task<IResult> MarkRead(HttpRequest request, string id, CancellationToken ct) =>
        WriteOwnRowAsync(request, id, ChannelMembersSql.MarkRead, (channelId, viewer) => new { channelId, viewer }, ct);

    /// <summary>
    /// A write of the member's own row, one statement when it is theirs to write: a gone account is the 401 on any channel;
    /// only a write that changed nothing reads the channel to say why (404 unseen, 409 not a member). A member by then joined
    /// after the write's statement looked (from another device): the write runs once more, on a snapshot that holds the join,
    /// rather than asking the client to send it again.
    /// </summary>
    private async Task<IResult> WriteOwnRowAsync(HttpRequest request, string id, string sql, Func<Guid, Guid, object> args, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var written = await LiveCaller.RunAsync(conn, sql, args(channelId, caller.UserId), ct);
            if (!written.Live) return Problems.AccountGone();
            if (written.Written > 0) return Api.NoContent();
            if (await MemberAsync(conn, caller.UserId, channelId, ct) is { } refused) return refused;
            // Joined, and gone again between each write and its explanation, twice over: only a client in a loop gets here.
            if (attempt == 2) return Problems.Conflict("Your membership of this channel changed while this was written; send it again.");
        }
    }

    /// <summary>The owner's and co-hosts' view of who joined, newest first.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        if (channel is null) return refused!;
        if (!channel.IsHost) return Problems.Forbidden("Only the channel's hosts see its members.");
        var rows = await KeysetQuery.PageAsync<ChannelMemberRow>(conn, ChannelMembersSql.Page, page, new { channelId, viewer = caller.UserId }, r => new Cursor(r.Since, r.Id), ct);
        return Api.Ok(rows.Map(r => r.ToItem()));
    }

    /// <summary>The owner removes a member: they read nothing more and cannot join again.</summary>
    public async Task<IResult> Remove(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, null, caller.UserId, channelId, ct) is not { Role: "owner" }) return Problems.NotFound("channel");
        var removed = await conn.ExecuteAsync(new CommandDefinition(ChannelMembersSql.Remove,
            new { channelId, username, now = Timestamps.Now(time) }, cancellationToken: ct));
        return removed == 1 ? Api.NoContent() : Problems.NotFound("member");
    }

    /// <summary>Null when the caller is a member of the channel; otherwise the answer (404 unseen, 409 not a member).</summary>
    private static async Task<IResult?> MemberAsync(NpgsqlConnection conn, Guid viewer, Guid channelId, CancellationToken ct) =>
        await ChannelAccess.FindAsync(conn, null, viewer, channelId, ct) switch
        {
            null => Problems.NotFound("channel"),
            { Role: "member" } => null,
            _ => Problems.Conflict("Only the channel's members mute it and keep a read marker; join it first."),
        };
}
