using Fowergram.Platform.Http;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Platform.Content;

/// <summary>
/// Who liked a post, a reel or a long-form video, newest first: only live accounts with no block between them and the
/// viewer. The thing itself is checked by the route first (404 when the caller may not see it).
/// </summary>
public static class WhoLiked
{
    /// <summary>
    /// The keyset query over a like table (<see cref="LikeStatements"/>' pair: the table and its column naming the thing, bound as
    /// @<paramref name="parameter"/>); binds @viewer. Served by the table's index on (that column, created_at).
    /// </summary>
    public static string Sql((string Table, string Column) likes, string parameter) => $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, l.created_at AS liked_at
        FROM {likes.Table} l JOIN users u ON u.id = l.user_id
        WHERE l.{likes.Column} = @{parameter} AND u.deleted_at IS NULL AND u.is_active
          AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}
          AND {KeysetSql.Older("l.created_at", "l.user_id")}
        ORDER BY l.created_at DESC, l.user_id DESC LIMIT @take
        """;

    /// <summary>A page of <paramref name="sql"/> (made by <see cref="Sql"/>) as the likers' summaries.</summary>
    public static async Task<Page<UserSummary>> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<LikerRow>(conn, sql, page, args, r => new Cursor(r.LikedAt, r.Id), ct))
            .Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified));

    private sealed class LikerRow
    {
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public DateTimeOffset LikedAt { get; init; }
    }
}
