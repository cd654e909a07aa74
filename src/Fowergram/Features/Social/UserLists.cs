using Dapper;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// One keyset page of a user list. Each list's SQL selects the user columns and its own timestamp as
/// <c>since</c>, filters with <c>(since, id) &lt; (@afterAt, @afterId)</c> when a cursor is given,
/// orders by since DESC, id DESC and takes <c>@take</c> rows (limit + 1).
/// </summary>
internal static class UserLists
{
    public const string UserColumns = "u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private";

    /// <summary>
    /// The SQL of one account's own list of accounts (@viewer's rows of <paramref name="table"/>, owner in
    /// <paramref name="ownerColumn"/>, listed account in <paramref name="memberColumn"/>, since created_at) whose profiles the
    /// viewer can still see, newest first: close friends, favorites, restrictions.
    /// </summary>
    public static string OwnList(string table, string ownerColumn, string memberColumn) => $"""
        SELECT {UserColumns}, l.created_at AS since
          FROM {table} l JOIN users u ON u.id = l.{memberColumn}
         WHERE l.{ownerColumn} = @viewer AND {Fowergram.Platform.Visibility.Visibility.ProfileFilter("u.id")}
           AND (@afterAt::timestamptz IS NULL OR (l.created_at, l.{memberColumn}) < (@afterAt::timestamptz, @afterId::uuid))
         ORDER BY l.created_at DESC, l.{memberColumn} DESC
         LIMIT @take
        """;

    public static async Task<Page<T>> PageAsync<T>(NpgsqlConnection conn, string sql, object keys, PageRequest page,
        Func<UserListRow, T> map, CancellationToken ct)
    {
        var args = new DynamicParameters(keys);
        args.Add("afterAt", page.After?.CreatedAt);
        args.Add("afterId", page.After?.Id);
        args.Add("take", page.Limit + 1);
        var rows = (await conn.QueryAsync<UserListRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        var rowPage = Page<UserListRow>.From(rows, page.Limit, r => new Cursor(r.Since, r.Id));
        return new Page<T>(rowPage.Items.Select(map).ToList(), rowPage.NextCursor);
    }
}
