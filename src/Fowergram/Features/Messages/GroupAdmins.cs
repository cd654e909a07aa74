using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Who may act as a group's admin. An admin may stop being a live account without leaving (suspended, or deleting their
/// account and perhaps coming back): the group would then have nobody to remove people or make admins. So before an
/// admin-only action the group is given a live admin if it has none (<see cref="ConversationsSql.KeepAnAdmin"/>: the
/// longest-standing live member), which may be the caller. A returning admin keeps their place; the group has two then.
/// </summary>
internal static class GroupAdmins
{
    private const string IsAdmin = """
        SELECT is_admin FROM conversation_participants WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL
        """;

    /// <summary>Whether the caller may act as an admin of <paramref name="member"/>'s group; its thread is locked by this transaction.</summary>
    public static async Task<bool> MayActAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Membership member, Guid viewer, CancellationToken ct)
    {
        if (member.IsAdmin) return true;
        var args = new { conversationId = member.Id, viewer };
        if (await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.KeepAnAdmin, args, tx, cancellationToken: ct)) == 0) return false;
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(IsAdmin, args, tx, cancellationToken: ct));
    }
}
