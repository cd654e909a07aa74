using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// "Allow comments from" (migration 0143, docs/posts.md "Who may comment"): whom a thing's owner lets comment on their posts,
/// reels and long-form videos. Asked when a comment or a reply is written, after the thing was found visible and open to
/// comments; the owner may always comment on their own things.
/// </summary>
public static class CommentAudience
{
    public const string Everyone = "everyone";
    public static readonly string[] Choices = [Everyone, "following", "followers", "following_and_followers"];

    private const string Relation = """
        SELECT u.username, u.allow_comments_from AS audience,
               EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = u.id AND f.following_id = @writerId) AS owner_follows,
               EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @writerId AND f.following_id = u.id) AS follows_owner
          FROM users u WHERE u.id = @ownerId
        """;

    /// <summary>Null when <paramref name="writerId"/> may comment on <paramref name="ownerId"/>'s things; else a 403 saying who may.</summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid writerId, CancellationToken ct)
    {
        if (ownerId == writerId) return null;
        var row = await conn.QuerySingleOrDefaultAsync<RelationRow>(new CommandDefinition(Relation, new { ownerId, writerId }, tx, cancellationToken: ct));
        if (row is null) return null; // the thing was found visible, so its owner exists; a purge in flight refuses elsewhere
        var allowed = row.Audience switch
        {
            "following" => row.OwnerFollows,
            "followers" => row.FollowsOwner,
            "following_and_followers" => row.OwnerFollows || row.FollowsOwner,
            _ => true,
        };
        return allowed ? null : Problems.Forbidden($"{row.Username} only allows comments from {Who(row.Audience)}.");
    }

    private static string Who(string audience) => audience switch
    {
        "following" => "people they follow",
        "followers" => "their followers",
        _ => "people they follow and their followers",
    };

    private sealed class RelationRow
    {
        public string Username { get; init; } = "";
        public string Audience { get; init; } = Everyone;
        public bool OwnerFollows { get; init; }
        public bool FollowsOwner { get; init; }
    }
}
