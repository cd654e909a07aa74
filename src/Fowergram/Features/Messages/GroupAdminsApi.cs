using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A group's admins (docs/messages.md "Admins"): PUT /conversations/{id}/admins/{userId} makes a member an admin, DELETE
/// takes it back ("me": stepping down), as Instagram's "Make admin" / "Remove as admin". Only admins do either, except that
/// anyone may step down; a group never loses its last admin. Both idempotent, under the thread's lock like every
/// membership change. An admin whose account is gone since its token was issued gets a 401 (Problems.AccountGone), except to
/// step down.
/// </summary>
public sealed class GroupAdminsApi(NpgsqlDataSource db, AccessTokens tokens)
{
    private const string Set = """
        UPDATE conversation_participants SET is_admin = @admin
         WHERE conversation_id = @conversationId AND user_id = @userId AND left_at IS NULL
        """;

    /// <summary>
    /// The admins on live accounts who would stay if @userId were no admin. Counting all admins let the last live one step
    /// down beside a suspended (or deleting) one, leaving nobody to manage the group until KeepAnAdmin made the
    /// longest-standing live member (often the one who stepped down) an admin again.
    /// </summary>
    private const string OtherLiveAdmins = """
        SELECT count(*) FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
         WHERE cp.conversation_id = @conversationId AND cp.left_at IS NULL AND cp.is_admin AND cp.user_id <> @userId
           AND u.is_active AND u.deleted_at IS NULL
        """;

    private const string IsAdmin = """
        SELECT is_admin FROM conversation_participants WHERE conversation_id = @conversationId AND user_id = @userId AND left_at IS NULL
        """;

    public Task<IResult> Grant(HttpRequest request, string id, string userId, CancellationToken ct) => ChangeAsync(request, id, userId, admin: true, ct);

    public Task<IResult> Revoke(HttpRequest request, string id, string userId, CancellationToken ct) => ChangeAsync(request, id, userId, admin: false, ct);

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string userId, bool admin, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        Guid target;
        if (userId == "me") target = caller.UserId;
        else if (!Guid.TryParse(userId, out target)) return Problems.NotFound("participant");

        var steppingDown = !admin && target == caller.UserId;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Making or unmaking another admin is an act on others: not for a token that outlived its account (a gone admin's
        // MayActAsync is still true). Stepping down gives up only one's own place, as leaving does.
        if (!steppingDown && !await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await Membership.FindAsync(conn, tx, caller.UserId, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        if (!member.IsGroup) return Problems.Conflict("A one-to-one conversation has no admins.");
        if (!steppingDown && !await GroupAdmins.MayActAsync(conn, tx, member, caller.UserId, ct)) return Problems.Forbidden("Only a group's admins can change who is an admin.");
        // The group sees who changed its admins: from a copy that is still a request (its admin only when nobody who accepted
        // was left) it would tell them the request was read. Stepping down gives up only one's own place, as leaving does.
        if (!steppingDown && member.Status == "request") return Problems.Conflict("Accept this message request before changing the group's admins.");
        var args = new { conversationId = member.Id, userId = target, admin };
        if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(IsAdmin, args, tx, cancellationToken: ct)) is not { } wasAdmin)
            return Problems.NotFound("participant");
        if (wasAdmin == admin) return Api.NoContent();
        if (!admin && await conn.ExecuteScalarAsync<long>(new CommandDefinition(OtherLiveAdmins, args, tx, cancellationToken: ct)) == 0)
            return Problems.Conflict("A group keeps at least one live admin: make someone else an admin first.");
        await conn.ExecuteAsync(new CommandDefinition(Set, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
