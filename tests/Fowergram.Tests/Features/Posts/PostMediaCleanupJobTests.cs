using Fowergram.Features.Posts;
using Fowergram.Tests.Features.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>post-media-cleanup on a database of its own: run with times far ahead, it would purge other tests' deleted posts.</summary>
public sealed class PostMediaCleanupJobTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = new PostsOptions().DeletedMediaGrace;
    private readonly PostsClient _posts = new(scratch.App);
    private PostMediaCleanupJob Job => scratch.App.Services.GetRequiredService<PostMediaCleanupJob>();

    [Fact]
    public async Task Objects_of_a_deleted_post_are_removed_after_the_grace_period_once()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var keptId = await _posts.PostIdAsync(author);
        var uploads = (await _posts.ScalarAsync<Guid[]>("SELECT array_agg(upload_id) FROM post_media WHERE post_id = @postId", new { postId })).ToList();
        var deletedAt = scratch.App.Clock.GetUtcNow();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();

        var early = await Job.PurgeAsync(deletedAt + Grace - TimeSpan.FromMinutes(1), CancellationToken.None);
        var stillThere = await Task.WhenAll(uploads.Select(u => _posts.Media.ObjectExistsAsync(author, u)));
        var purged = await Job.PurgeAsync(deletedAt + Grace + TimeSpan.FromMinutes(1), CancellationToken.None);
        var twice = await Job.PurgeAsync(deletedAt + Grace + TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Equal(0, early);
        Assert.All(stillThere, Assert.True);
        Assert.Equal(1, purged);
        Assert.Equal(0, twice);
        foreach (var upload in uploads) Assert.False(await _posts.Media.ObjectExistsAsync(author, upload));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM uploads WHERE id = ANY(@uploads) AND object_deleted_at IS NOT NULL",
            new { uploads = uploads.ToArray() }));
        var keptUpload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @keptId", new { keptId });
        Assert.True(await _posts.Media.ObjectExistsAsync(author, keptUpload));
    }

    [Fact]
    public async Task Concurrent_runs_end_in_the_same_state()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @postId", new { postId });
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        var later = scratch.App.Clock.GetUtcNow() + Grace + TimeSpan.FromHours(1);

        await Task.WhenAll(Job.PurgeAsync(later, CancellationToken.None), Job.PurgeAsync(later, CancellationToken.None));

        Assert.False(await _posts.Media.ObjectExistsAsync(author, upload));
        Assert.NotNull(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_purged_at FROM posts WHERE id = @postId", new { postId }));
    }
}
