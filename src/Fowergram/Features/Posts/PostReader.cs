using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// One post as the caller may see it, or null (404). Read URLs are signed only after the visibility
/// filter let the post through, and only for objects of claimed uploads (the rows hold nothing else).
/// </summary>
public sealed class PostReader(MediaUploads uploads)
{
    /// <summary>
    /// GET /posts/{id}: the post as <see cref="ReadAsync(NpgsqlConnection, NpgsqlTransaction?, Guid?, Guid, CancellationToken)"/>
    /// reads it, and null too for a token whose account is gone, in the same statement (<see cref="PostReadSql.PostForReader"/>):
    /// the route's 404 tells that one's 401 apart (<see cref="GoneCaller.NotFoundAsync"/>).
    /// </summary>
    public Task<PostView?> ReadForReaderAsync(NpgsqlConnection conn, Guid? viewer, Guid postId, CancellationToken ct) =>
        ReadAsync(conn, null, PostReadSql.PostForReader, viewer, postId, ct);

    /// <summary>
    /// The post as <paramref name="viewer"/> sees it, read in <paramref name="tx"/>: a write that answers with the post reads it
    /// before it commits, so the answer is what it wrote. Read after the commit, a deletion, a block or a privacy switch
    /// committing in between made it a 404 for a write that had been kept (docs/posts.md "Answers of writes").
    /// </summary>
    public Task<PostView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid postId, CancellationToken ct) =>
        ReadAsync(conn, tx, PostReadSql.Post, viewer, postId, ct);

    private async Task<PostView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid? viewer, Guid postId, CancellationToken ct)
    {
        var post = await conn.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition(sql, new { viewer, postId }, tx, cancellationToken: ct));
        if (post is null) return null;

        using var grid = await conn.QueryMultipleAsync(new CommandDefinition(PostReadSql.MediaAndTags, new { viewer, postId }, tx, cancellationToken: ct));
        var media = (await grid.ReadAsync<MediaRow>()).ToList();
        var tags = (await grid.ReadAsync<TagRow>()).ToLookup(t => t.MediaId);
        var views = new List<PostMediaView>(media.Count);
        foreach (var item in media)
        {
            // Rows made by other tools may lack a type; such an item cannot be served safely.
            if (item.ContentType is null) continue;
            var url = await uploads.CreateReadUrlAsync(item.BlobName, item.ContentType, ct);
            views.Add(new PostMediaView(item.Id, item.MediaType, url.Url.AbsoluteUri, url.ExpiresAt, item.AltText, item.Width, item.Height,
                item.Duration, tags[item.Id].Select(t => new UserTagView(t.Username, t.X, t.Y)).ToList()));
        }
        var isAuthor = viewer == post.AuthorId;
        return new PostView(post.Id, new UserSummary(post.AuthorId, post.Username, post.FullName, post.Avatar, post.IsVerified),
            post.Caption, post.Location, views, LikeCounts.Shown(post.LikeCount, post.AuthorId, viewer, post.ViewerShowsCounts, post.LikesDisabled), post.CommentCount,
            post.IsLiked, post.IsSaved, post.CommentsDisabled, post.LikesDisabled, post.IsArchived, post.CreatedAt, post.UpdatedAt,
            (await Collaborators.LoadAsync(conn, viewer, [postId], ct)).GetValueOrDefault(postId), post.RepostCount, post.IsReposted,
            MusicClips.FromJson(post.Music));
    }
}
