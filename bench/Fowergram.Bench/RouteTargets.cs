using Dapper;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>A signed-in account the route sweep reads as.</summary>
public sealed record SweepReader(string Label, Guid Id, string Username, long Followees);

/// <summary>
/// What the route sweep fills path and query parameters with, read from the dataset: the most-followed public account,
/// the visible post with the most likes, and the words every generated caption and name holds. The generator writes no
/// hashtag rows (captions end in "#bench" but nothing indexes them), no comments, stories, reels or their audio, videos,
/// chats or collections: those routes are timed on empty data or, when a path needs an id of them, skipped.
/// </summary>
public sealed record RouteTargets(IReadOnlyList<SweepReader> Readers, string Author, long AuthorFollowers, Guid Post, long PostLikes,
    string Hashtag, string Term, string Location)
{
    public static async Task<RouteTargets> FindAsync(NpgsqlDataSource db, DatasetInfo info, Guid median, long medianFollowees)
    {
        await using var conn = await db.OpenConnectionAsync();
        var heavy = Dataset.HeavyReader(info);
        var names = (await conn.QueryAsync<(Guid Id, string Username)>("SELECT id, username FROM users WHERE id = ANY(@ids)",
            new { ids = new[] { heavy, median } })).ToDictionary(u => u.Id, u => u.Username);
        var readers = new List<SweepReader>
        {
            new("heavy", heavy, names[heavy], await DbFigures.FolloweesAsync(db, heavy)),
            new("median", median, names[median], medianFollowees),
        };
        var (author, followers) = await conn.QuerySingleAsync<(string, long)>("""
            SELECT u.username, f.n
              FROM (SELECT following_id, count(*) AS n FROM follows GROUP BY following_id ORDER BY n DESC LIMIT 20) f
              JOIN users u ON u.id = f.following_id AND NOT u.is_private
             ORDER BY f.n DESC LIMIT 1
            """);
        var (post, likes) = await conn.QuerySingleAsync<(Guid, long)>("""
            SELECT s.post_id, s.like_count FROM post_stats s JOIN posts p ON p.id = s.post_id
              JOIN users u ON u.id = p.user_id AND NOT u.is_private
             WHERE p.deleted_at IS NULL AND NOT p.is_archived
             ORDER BY s.like_count DESC, s.post_id LIMIT 1
            """);
        return new RouteTargets(readers, author, followers, post, likes, "bench", "bench", "Bangkok");
    }

    /// <summary>The value for a path parameter of <paramref name="template"/>, or null when the dataset has none.</summary>
    public string? PathValue(string template, string parameter) => (parameter, template) switch
    {
        ("username", _) => Author,
        ("id", _) when template.StartsWith("/api/v1/posts/{id}", StringComparison.Ordinal) => Post.ToString(),
        ("name", _) when template.StartsWith("/api/v1/hashtags/{name}", StringComparison.Ordinal) => Hashtag,
        _ => null,
    };

    /// <summary>The value for a query parameter the route documents, or null to leave it out.</summary>
    public string? QueryValue(string parameter) => parameter switch
    {
        "q" => Term,
        "name" => Location,
        _ => null,
    };
}
