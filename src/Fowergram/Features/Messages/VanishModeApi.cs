using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Vanish mode (docs/messages.md "Vanish mode", migration 0142): PUT /conversations/{id}/vanish-mode turns it on in a one-to-one
/// thread, DELETE turns it off; either participant, for both, both idempotent. Messages sent while it is on vanish once read
/// (<see cref="MessageVanishJob"/>). Groups are a 409; so is turning it on in a message request; an outsider gets a 404.
/// </summary>
public sealed class VanishModeApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>Whether every participant row of the thread has accepted it (the caller's and the peer's, even a peer who deleted it).</summary>
    private const string AllAccepted = "SELECT bool_and(status = 'accepted') FROM conversation_participants WHERE conversation_id = @conversationId";

    /// <summary>Turning it on again keeps the first time: the messages sent since then belong to the same session.</summary>
    private const string On = """
        UPDATE conversations SET vanish_mode_since = @now, updated_at = @now
         WHERE id = @conversationId AND NOT is_group AND vanish_mode_since IS NULL
        """;

    private const string Off = """
        UPDATE conversations SET vanish_mode_since = NULL, updated_at = @now WHERE id = @conversationId AND vanish_mode_since IS NOT NULL
        """;

    /// <summary>204 also when it was on already.</summary>
    public async Task<IResult> TurnOn(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // The thread's row lock, as every send takes it: a message is sent wholly before or wholly after the switch.
        if (await Membership.FindAsync(conn, tx, viewer, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (member.IsGroup) return GroupConflict();
        var args = new { conversationId = member.Id, viewer, now = Timestamps.Now(time) };
        // A request's reading is never revealed to its sender; a vanishing message would reveal it by vanishing.
        if (member.Status != "accepted" || !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(AllAccepted, args, tx, cancellationToken: ct)))
            return Problems.Conflict("Vanish mode is only for chats both of you have accepted; accept the message request first.");
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.DirectPeerReachable, args, tx, cancellationToken: ct)))
            return Problems.Forbidden("You can't message this account.");
        await conn.ExecuteAsync(new CommandDefinition(On, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// 204 whether or not it was on. Never refused in a one-to-one (a request copy, a block): turning it off only lets the
    /// messages already read vanish. A token whose account is gone gets a 401, as on turning it on.
    /// </summary>
    public async Task<IResult> TurnOff(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A block or a request copy does not keep it on, but a token that outlived its account changes nothing for the peer.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await Membership.FindAsync(conn, tx, caller.UserId, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (member.IsGroup) return GroupConflict();
        await conn.ExecuteAsync(new CommandDefinition(Off, new { conversationId = member.Id, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static IResult GroupConflict() => Problems.Conflict("Vanish mode is only for one-to-one chats, as on Instagram.");
}
