using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// "Allow replies and reactions" (docs/stories.md "Who may reply", migration 0150): everyone, the people the story's author
/// follows, or nobody. Checked by replies (StoryRepliesApi) and reactions (StoryStickersApi.React), only for a story the
/// caller may see: one they may not see stays a 404, so the switch reveals nothing.
/// </summary>
public static class StoryReplyAudience
{
    public const string Everyone = "everyone";
    public static readonly string[] Choices = [Everyone, "following", "off"];

    /// <summary>The caller's own switch, for GET and PUT /users/me/story-replies.</summary>
    public static readonly UserSetting Setting = new("allow_story_replies", "from");

    private static readonly string Relation = $"""
        SELECT u.username, u.allow_story_replies AS audience,
               EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = u.id AND f.following_id = @viewer) AS author_follows
          FROM stories s JOIN users u ON u.id = s.user_id
         WHERE s.id = @storyId AND s.user_id <> @viewer AND {StoryReadSql.LiveAndVisible}
        """;

    /// <summary>Null when <paramref name="viewer"/> may answer the story (or it is theirs, or not one they see: the caller's own 404 follows); else a 403.</summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid storyId, Guid viewer, DateTimeOffset now,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<RelationRow>(new CommandDefinition(Relation, new { storyId, viewer, now }, tx, cancellationToken: ct));
        return row?.Audience switch
        {
            "off" => Problems.Forbidden($"{row.Username} turned off replies and reactions to their stories."),
            "following" when !row.AuthorFollows => Problems.Forbidden($"{row.Username} only allows replies and reactions from people they follow."),
            _ => null,
        };
    }

    private sealed class RelationRow
    {
        public string Username { get; init; } = "";
        public string Audience { get; init; } = Everyone;
        public bool AuthorFollows { get; init; }
    }
}
