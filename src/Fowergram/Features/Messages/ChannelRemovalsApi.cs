using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The owner's side of removals from a broadcast channel (<see cref="ChannelMembersApi.Remove"/>): whom they removed, newest
/// first, and lifting a removal. A lifted removal does not make the account a member again: it may join again itself, as
/// anyone who may see the channel.
/// </summary>
public sealed class ChannelRemovalsApi(NpgsqlDataSource db, AccessTokens tokens)
{
    /// <summary>
    /// Removed accounts, newest removal first; gone and deactivated accounts, and those with a block either way with the owner,
    /// left out (as in the member list, <see cref="ChannelMembersSql"/>). The removal of one left out is still lifted by name.
    /// </summary>
    private static readonly string Page = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private, cm.removed_at AS since
          FROM broadcast_channel_members cm JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL AND u.is_active
         WHERE cm.channel_id = @channelId AND cm.removed_at IS NOT NULL AND {KeysetSql.Older("cm.removed_at", "cm.user_id")}
           AND NOT {Fowergram.Platform.Visibility.Visibility.BlockedBetween("@viewer", "u.id")}
         ORDER BY cm.removed_at DESC, cm.user_id DESC LIMIT @take
        """;

    /// <summary>The removal's row goes (a member's row is left alone: only a removal is lifted here).</summary>
    private const string LiftRemoval = """
        DELETE FROM broadcast_channel_members
         WHERE channel_id = @channelId AND removed_at IS NOT NULL
           AND user_id = (SELECT id FROM users WHERE lower(username) = lower(@username))
        """;

    private const string AccountExists = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower(@username) AND deleted_at IS NULL)";

    /// <summary>GET /channels/{id}/removed-members: the owner's alone (403 for the channel's other readers and visitors).</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        if (channel is null) return refused!;
        if (channel.Role != "owner") return Problems.Forbidden("Only the channel's owner sees whom it removed.");
        var rows = await KeysetQuery.PageAsync<ChannelMemberRow>(conn, Page, page, new { channelId, viewer = caller.UserId }, r => new Cursor(r.Since, r.Id), ct);
        return Api.Ok(rows.Map(r => r.ToItem()));
    }

    /// <summary>
    /// DELETE /channels/{id}/removed-members/{username}: 204 once the account is not removed, whether or not it was (the same
    /// request twice ends the same); 404 for an account that does not exist.
    /// </summary>
    public async Task<IResult> Restore(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        var args = new { channelId, username };
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, null, caller.UserId, channelId, ct) is not { Role: "owner" }) return Problems.NotFound("channel");
        if (await conn.ExecuteAsync(new CommandDefinition(LiftRemoval, args, cancellationToken: ct)) > 0) return Api.NoContent();
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(AccountExists, args, cancellationToken: ct))
            ? Api.NoContent() : Problems.NotFound("account");
    }
}
