using Dapper;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Platform.Content;

/// <summary>
/// The accepted collaborators of posts (post_collaborators, migration 0176; docs/posts.md "Collab posts") as a post view
/// names them: live accounts whose profile the viewer may see (no block either way), first accepted first. Pending
/// invitations are never shown here (the author's GET /posts/{id}/collaborators has them).
/// </summary>
public static class Collaborators
{
    /// <summary>The most collaborators (pending and accepted together) a post may have.</summary>
    public const int MaxPerPost = 5;

    /// <summary>Binds @postIds and @viewer (null when anonymous).</summary>
    private static readonly string ShownSql = $"""
        SELECT pc.post_id, u.id, u.username, u.full_name, u.avatar, u.is_verified
          FROM post_collaborators pc JOIN users u ON u.id = pc.user_id
         WHERE pc.post_id = ANY(@postIds) AND pc.accepted_at IS NOT NULL
           AND u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}
         ORDER BY pc.post_id, pc.accepted_at, u.id
        """;

    /// <summary>
    /// The same list as a JSON array for a statement over posts (alias <paramref name="post"/>): null when there is none,
    /// so a post without collaborators costs one index-only probe of the primary key (the EXISTS: measured cheaper than
    /// the aggregate's own empty scan on the feed's page) and its view omits the field.
    /// </summary>
    public static string JsonOf(string post, string viewer = "@viewer") => $"""
        CASE WHEN EXISTS (SELECT 1 FROM post_collaborators gpc WHERE gpc.post_id = {post}) THEN
        (SELECT json_agg(json_build_object('id', cu.id, 'username', cu.username, 'fullName', cu.full_name, 'avatar', cu.avatar,
                                           'isVerified', cu.is_verified) ORDER BY cpc.accepted_at, cu.id)
           FROM post_collaborators cpc JOIN users cu ON cu.id = cpc.user_id
          WHERE cpc.post_id = {post} AND cpc.accepted_at IS NOT NULL AND cu.deleted_at IS NULL AND cu.is_active
            AND NOT {VisibilityPolicy.BlockedBetween(viewer, "cu.id")}) END
        """;

    /// <summary>Each post's shown collaborators; posts without any are absent from the answer.</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<UserSummary>>> LoadAsync(NpgsqlConnection conn, Guid? viewer,
        IReadOnlyCollection<Guid> postIds, CancellationToken ct)
    {
        if (postIds.Count == 0) return new Dictionary<Guid, IReadOnlyList<UserSummary>>();
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(ShownSql, new { postIds = postIds.ToArray(), viewer }, cancellationToken: ct));
        return rows.GroupBy(r => r.PostId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<UserSummary>)g.Select(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)).ToList());
    }

    /// <summary>Parses <see cref="JsonOf"/>'s answer (null: none).</summary>
    public static IReadOnlyList<UserSummary>? FromJson(string? json) =>
        json is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<UserSummary>>(json, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed class Row
    {
        public Guid PostId { get; init; }
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
    }
}
