using Fowergram.Platform.Jobs;
using Fowergram.Features.Posts;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Posts;

/// <summary>post-media-cleanup on a database of its own: run with times far ahead, it would purge other tests' deleted posts.</summary>
public sealed class PostMediaCleanupJobTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = new PostsOptions().DeletedMediaGrace;
    private static readonly TimeSpan Window = new PostsOptions().RestoreWindow;
    private readonly PostsClient _posts = new(scratch.App);
    private PostMediaCleanupJob Job => scratch.App.Services.GetRequiredService<PostMediaCleanupJob>();

    [Fact]
    public async Task Objects_of_a_post_its_author_deleted_are_removed_when_its_restore_window_ends_once()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var keptId = await _posts.PostIdAsync(author);
        var uploads = (await _posts.ScalarAsync<Guid[]>("SELECT array_agg(upload_id) FROM post_media WHERE post_id = @postId", new { postId })).ToList();
        var deletedAt = scratch.App.Clock.GetUtcNow();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();

        var early = await Job.PurgeAsync(deletedAt + Window - TimeSpan.FromMinutes(1), CancellationToken.None);
        var stillThere = await Task.WhenAll(uploads.Select(u => _posts.Media.ObjectExistsAsync(author, u)));
        var purged = await Job.PurgeAsync(deletedAt + Window + TimeSpan.FromMinutes(1), CancellationToken.None);
        var twice = await Job.PurgeAsync(deletedAt + Window + TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Equal(0, early);
        Assert.All(stillThere, Assert.True);
        Assert.Equal(1, purged);
        Assert.Equal(0, twice);
        foreach (var upload in uploads) Assert.False(await _posts.Media.ObjectExistsAsync(author, upload));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM uploads WHERE id = ANY(@uploads) AND object_deleted_at IS NOT NULL",
            new { uploads = uploads.ToArray() }));
        var keptUpload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @keptId", new { keptId });
        Assert.True(await _posts.Media.ObjectExistsAsync(author, keptUpload));
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM posts WHERE id = @postId", new { postId }));
    }

    [Fact]
    public async Task Objects_of_a_post_deleted_for_good_go_after_the_grace_and_a_restored_posts_stay()
    {
        var author = await _posts.NewUserAsync();
        var (forgotten, restored) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));
        var deletedAt = scratch.App.Clock.GetUtcNow();
        foreach (var postId in new[] { forgotten, restored })
            await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/posts/deleted/{forgotten}", author)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{restored}/restore", author)).EnsureSuccessStatusCode();

        var early = await Job.PurgeAsync(deletedAt + Grace - TimeSpan.FromMinutes(1), CancellationToken.None);
        var purged = await Job.PurgeAsync(deletedAt + Grace + TimeSpan.FromMinutes(1), CancellationToken.None);
        var later = await Job.PurgeAsync(deletedAt + Window + Grace, CancellationToken.None);

        Assert.Equal((0, 1, 0), (early, purged, later));
        Assert.False(await ObjectOfAsync(author, forgotten));
        Assert.True(await ObjectOfAsync(author, restored));
        Assert.Equal(200, (int)(await _posts.GetAsync($"/api/v1/posts/{restored}", author)).StatusCode);
    }

    [Fact]
    public async Task A_restore_after_the_run_claimed_the_post_finds_nothing_to_restore()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        var ended = scratch.App.Clock.GetUtcNow() + Window + TimeSpan.FromMinutes(1);

        Assert.Equal(1, await Job.PurgeAsync(ended, CancellationToken.None));

        // Whatever the clock says now, a purged post is not restorable: the claim cleared its restore time.
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/restore", author)).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
        Assert.False(await ObjectOfAsync(author, postId));
    }

    [Fact]
    public async Task A_post_whose_object_the_store_refuses_is_recorded_and_retried_after_its_back_off_while_the_next_is_purged()
    {
        var author = await _posts.NewUserAsync();
        var (stuck, next) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));
        foreach (var postId in new[] { stuck, next })
            await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        var store = new RefusingStore(_posts.Media.Store,
            await _posts.ScalarAsync<string>("SELECT blob_name FROM post_media WHERE post_id = @stuck", new { stuck }));
        var job = new PostMediaCleanupJob(_posts.Media.Db, store, scratch.App.Services.GetRequiredService<MediaDeleteFailures>(),
            scratch.App.Services.GetRequiredService<IOptions<PostsOptions>>(), NullLogger<PostMediaCleanupJob>.Instance);
        var ended = scratch.App.Clock.GetUtcNow() + Window + TimeSpan.FromMinutes(1);

        var purged = await job.PurgeAsync(ended, CancellationToken.None);
        var (stuckKept, nextKept) = (await ObjectOfAsync(author, stuck), await ObjectOfAsync(author, next));
        var recorded = await RecordsAsync(stuck);
        store.Refusing = false;
        var held = await job.PurgeAsync(ended + TimeSpan.FromMinutes(1), CancellationToken.None); // within the back-off
        var heldAttempts = store.Attempts;
        var retried = await job.PurgeAsync(ended + job.Interval, CancellationToken.None);

        Assert.Equal((1, true, false, 1L), (purged, stuckKept, nextKept, recorded));
        Assert.Equal((0, 1), (held, heldAttempts)); // tried by the first run only
        Assert.Equal(1, retried);
        Assert.False(await ObjectOfAsync(author, stuck));
        Assert.Equal(0L, await RecordsAsync(stuck)); // the delete that succeeded cleared it
    }

    private Task<long> RecordsAsync(Guid postId) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM media_delete_failures WHERE job = 'post-media-cleanup' AND subject_id = @postId", new { postId });

    private async Task<bool> ObjectOfAsync(TestUser author, Guid postId) => await _posts.Media.ObjectExistsAsync(author,
        await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @postId", new { postId }));

    [Fact]
    public async Task Concurrent_runs_end_in_the_same_state()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @postId", new { postId });
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        var later = scratch.App.Clock.GetUtcNow() + Window + TimeSpan.FromHours(1);

        await Task.WhenAll(Job.PurgeAsync(later, CancellationToken.None), Job.PurgeAsync(later, CancellationToken.None));

        Assert.False(await _posts.Media.ObjectExistsAsync(author, upload));
        Assert.NotNull(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_purged_at FROM posts WHERE id = @postId", new { postId }));
    }
    [Fact]
    public async Task A_carousel_item_past_its_window_is_forgotten_and_its_object_goes_with_media_cleanup_after_the_grace()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var item = post.GetProperty("media")[0].GetProperty("id").GetGuid();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @item", new { item });
        var removedAt = scratch.App.Clock.GetUtcNow();
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{item}", author)).EnsureSuccessStatusCode();
        var mediaCleanup = scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup");

        var early = await Job.ForgetEndedItemsAsync(removedAt + Window - TimeSpan.FromMinutes(1), CancellationToken.None);
        await mediaCleanup.RunAsync(removedAt + Window - TimeSpan.FromMinutes(1), CancellationToken.None);
        var keptInWindow = await _posts.Media.ObjectExistsAsync(author, upload);
        await Job.RunAsync(removedAt + Window + TimeSpan.FromMinutes(1), CancellationToken.None);
        var rowsAfter = await _posts.ScalarAsync<long>("SELECT count(*) FROM deleted_post_media WHERE id = @item", new { item });
        await mediaCleanup.RunAsync(removedAt + Window + TimeSpan.FromDays(1), CancellationToken.None);

        Assert.Equal(0, early);
        Assert.True(keptInWindow);
        Assert.Equal(0L, rowsAfter);
        Assert.False(await _posts.Media.ObjectExistsAsync(author, upload));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM post_media WHERE post_id = @postId", new { postId }));
    }
}
