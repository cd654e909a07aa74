using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A post shared to a story (migration 0138, docs/stories.md "Shared posts"): the caller's own, or a public account's that
/// allows it, and only one the caller sees; the story shows it to each viewer only while that viewer may see the post.
/// </summary>
internal static class StorySharedPosts
{
    /// <summary>The post is key-share locked until the story commits, so a purge deleting it waits rather than failing the key.</summary>
    private static readonly string Shareable = $"""
        SELECT p.user_id = @viewer AS own, u.is_private, u.allow_story_reshares
          FROM posts p JOIN users u ON u.id = p.user_id
         WHERE p.id = @postId AND NOT p.is_archived AND {PostAccess.VisibleTo}
           FOR KEY SHARE OF p
        """;

    /// <summary>Of the shared posts, those the viewer may see now.</summary>
    public static readonly string Visible = $"SELECT p.id FROM posts p WHERE p.id = ANY(@ids) AND {PostAccess.VisibleTo}";

    /// <summary>Null when the caller may share the post; else 404 (a post they cannot see, or archived) or 403 (the author's choice).</summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid postId, CancellationToken ct)
    {
        var post = await conn.QuerySingleOrDefaultAsync<ShareableRow>(new CommandDefinition(Shareable, new { viewer, postId }, tx, cancellationToken: ct));
        return post switch
        {
            null => Problems.NotFound("post"),
            { Own: true } => null,
            { IsPrivate: true } => Problems.Forbidden("Posts of private accounts cannot be shared to stories."),
            { AllowStoryReshares: false } => Problems.Forbidden("The author does not allow their posts to be shared to stories."),
            _ => null,
        };
    }

    private sealed class ShareableRow
    {
        public bool Own { get; init; }
        public bool IsPrivate { get; init; }
        public bool AllowStoryReshares { get; init; }
    }
}
