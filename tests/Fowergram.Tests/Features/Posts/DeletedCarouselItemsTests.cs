using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// "Recently deleted" carousel items (docs/posts.md "Removing an item from a carousel"): an item taken out of a post is kept
/// for the restore window, listed for its author only, restored at its old place with its id, alt text and the people tags
/// that may still stand, or deleted for good.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletedCarouselItemsTests(FowergramApp app)
{
    private const string List = "/api/v1/users/me/carousel-items/deleted";
    private readonly PostsClient _posts = new(app);

    private static List<JsonElement> Media(JsonElement post) => post.GetProperty("media").EnumerateArray().ToList();
    private static Guid IdOf(JsonElement e) => e.GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> RemoveAsync(TestUser caller, Guid postId, Guid mediaId) =>
        _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{mediaId}", caller);

    private Task<HttpResponseMessage> RestoreAsync(TestUser? caller, object postId, object mediaId) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/media/{mediaId}/restore", caller);

    private async Task<List<JsonElement>> ListAsync(TestUser caller) =>
        (await (await _posts.GetAsync(List, caller)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_removed_item_is_listed_for_its_author_and_restored_at_its_place_as_it_was()
    {
        var (author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.CreatePostAsync(author, "three photos", mediaCount: 3);
        var postId = IdOf(post);
        var ids = Media(post).Select(IdOf).ToList();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @id", new { id = ids[1] });
        var before = app.Clock.GetUtcNow();

        (await RemoveAsync(author, postId, ids[1])).EnsureSuccessStatusCode();

        var listed = Assert.Single(await ListAsync(author));
        Assert.Equal(postId, listed.GetProperty("postId").GetGuid());
        Assert.Equal(postId, IdOf(listed.GetProperty("post")));
        Assert.Equal(2, listed.GetProperty("post").GetProperty("mediaCount").GetInt32());
        Assert.Equal(ids[1], IdOf(listed.GetProperty("item")));
        Assert.Equal("photo 1", listed.GetProperty("item").GetProperty("altText").GetString());
        Assert.StartsWith("http", listed.GetProperty("item").GetProperty("url").GetString());
        Assert.Equal(1, listed.GetProperty("position").GetInt32());
        var until = listed.GetProperty("restorableUntil").GetDateTimeOffset();
        Assert.InRange(until - before, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        // Its object is kept exactly as long as it may come back: released as of the end of its window.
        Assert.Equal(until, await _posts.ScalarAsync<DateTimeOffset>("SELECT released_at FROM uploads WHERE id = @upload", new { upload }));
        Assert.Empty(await ListAsync(other));

        var restored = await (await RestoreAsync(author, postId, ids[1])).ReadJsonAsync();

        Assert.Equal(ids, Media(restored).Select(IdOf));
        Assert.Equal(["photo 0", "photo 1", "photo 2"], Media(restored).Select(m => m.GetProperty("altText").GetString()));
        Assert.Equal("0,1,2", await _posts.ScalarAsync<string>(
            "SELECT string_agg(display_order::text, ',' ORDER BY display_order) FROM post_media WHERE post_id = @postId", new { postId }));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT released_at IS NULL FROM uploads WHERE id = @upload", new { upload }));
        Assert.Empty(await ListAsync(author));
        Assert.Equal(3, Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", other)).ReadJsonAsync()).Count);
        // A retry finds it back: the same answer, not an error.
        Assert.Equal(ids, Media(await (await RestoreAsync(author, postId, ids[1])).ReadJsonAsync()).Select(IdOf));
    }

    [Fact]
    public async Task An_item_whose_old_place_is_gone_comes_back_last()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 3);
        var postId = IdOf(post);
        var ids = Media(post).Select(IdOf).ToList();
        (await RemoveAsync(author, postId, ids[2])).EnsureSuccessStatusCode();
        (await RemoveAsync(author, postId, ids[1])).EnsureSuccessStatusCode();

        // The third one was at place 2; the post has one item now, so it comes back second.
        var restored = await (await RestoreAsync(author, postId, ids[2])).ReadJsonAsync();
        Assert.Equal([ids[0], ids[2]], Media(restored).Select(IdOf));
        restored = await (await RestoreAsync(author, postId, ids[1])).ReadJsonAsync();
        Assert.Equal([ids[0], ids[1], ids[2]], Media(restored).Select(IdOf));
    }

    [Fact]
    public async Task Tags_come_back_for_accounts_that_may_still_be_tagged_but_not_for_one_who_took_their_tag_off_or_blocked()
    {
        var (author, stays, tookOff, blocker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(),
            await _posts.NewUserAsync());
        var uploads = new[] { await _posts.UploadAsync(author), await _posts.UploadAsync(author) };
        object Tag(TestUser user) => new { username = user.Username, x = 0.25, y = 0.75 };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new object[]
            {
                new { uploadId = uploads[0].UploadId, userTags = new[] { Tag(stays), Tag(tookOff), Tag(blocker) } },
                new { uploadId = uploads[1].UploadId },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var postId = IdOf(post);
        var item = IdOf(Media(post)[0]);
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tookOff)).EnsureSuccessStatusCode();
        await _posts.BlockAsync(blocker, author);

        var restored = await (await RestoreAsync(author, postId, item)).ReadJsonAsync();

        var tags = Media(restored)[0].GetProperty("userTags").EnumerateArray().ToList();
        var tag = Assert.Single(tags);
        Assert.Equal(stays.Username, tag.GetProperty("username").GetString());
        Assert.Equal(0.25, tag.GetProperty("x").GetDouble());
        Assert.Single((await (await _posts.GetAsync($"/api/v1/users/{stays.Username}/tagged", stays)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
        Assert.Empty((await (await _posts.GetAsync($"/api/v1/users/{tookOff.Username}/tagged", tookOff)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
    }

    /// <summary>A post of two photos whose second tags another account: the author, the tagged account, the post and that item.</summary>
    private async Task<(TestUser Author, TestUser Tagged, Guid PostId, Guid Item)> CarouselWithATaggedSecondItemAsync()
    {
        var (author, tagged) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var uploads = new[] { await _posts.UploadAsync(author), await _posts.UploadAsync(author) };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new object[]
            {
                new { uploadId = uploads[0].UploadId },
                new { uploadId = uploads[1].UploadId, userTags = new[] { new { username = tagged.Username, x = 0.5, y = 0.5 } } },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);
        return (author, tagged, IdOf(post), IdOf(Media(post)[1]));
    }

    [Fact]
    public async Task A_tag_taken_off_while_the_item_is_being_restored_stays_off()
    {
        // The restore read the item's tags and put them back while the take-off ran: the take-off's delete of the post's tags
        // could not see them yet, and its strip of the listed item then waited for the restore, which took the row away.
        var (author, tagged, postId, item) = await CarouselWithATaggedSecondItemAsync();
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM deleted_post_media WHERE id = @item", new { item });

        await using var restorer = await _posts.Db.OpenConnectionAsync();
        await using var restoring = await restorer.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(restorer, Fowergram.Features.Posts.DeletedCarouselItemsSql.Restore,
            new { postId, mediaId = item, callerId = author.Id, now = app.Clock.GetUtcNow(), position = 1, uploadId = upload }, restoring);

        var takingOff = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tagged);
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, restorer.ProcessID, takingOff);
        await restoring.CommitAsync();
        (await takingOff).EnsureSuccessStatusCode();

        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM media_user_tags t JOIN post_media pm ON pm.id = t.media_id WHERE pm.post_id = @postId AND t.user_id = @id",
            new { postId, id = tagged.Id }));
        Assert.Empty((await (await _posts.GetAsync($"/api/v1/users/{tagged.Username}/tagged", tagged)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tag_taken_off_while_the_item_is_being_removed_is_not_kept_for_its_restore(bool removedBeforeTheTakeOff)
    {
        // The removal copies the item's tags into the list, then deletes the item: a take-off racing it deleted the tag (or
        // waited for the item's deletion) and looked for the listed copy before the removal committed it, so a later
        // restore tagged the account again.
        var (author, tagged, postId, item) = await CarouselWithATaggedSecondItemAsync();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @item", new { item });
        var now = app.Clock.GetUtcNow();
        var args = new { postId, mediaId = item, callerId = author.Id, now, restorableUntil = now.AddDays(30), uploadId = upload, releaseAt = now.AddDays(30) };

        await using var remover = await _posts.Db.OpenConnectionAsync();
        await using var removing = await remover.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(remover, Fowergram.Features.Posts.PostMediaApi.LockTags, args, removing);
        await Dapper.SqlMapper.ExecuteAsync(remover, Fowergram.Features.Posts.DeletedCarouselItemsSql.Keep, args, removing);
        if (removedBeforeTheTakeOff) await Dapper.SqlMapper.ExecuteAsync(remover, Fowergram.Features.Posts.PostMediaApi.Remove, args, removing);

        var takingOff = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tagged);
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, remover.ProcessID, takingOff);
        if (!removedBeforeTheTakeOff) await Dapper.SqlMapper.ExecuteAsync(remover, Fowergram.Features.Posts.PostMediaApi.Remove, args, removing);
        await removing.CommitAsync();
        (await takingOff).EnsureSuccessStatusCode();

        Assert.False(await _posts.ScalarAsync<bool>(
            "SELECT user_tags @> jsonb_build_array(jsonb_build_object('userId', @id)) FROM deleted_post_media WHERE id = @item",
            new { item, id = tagged.Id }));
        var restored = await (await RestoreAsync(author, postId, item)).ReadJsonAsync();
        Assert.Empty(Media(restored)[1].GetProperty("userTags").EnumerateArray());
    }

    [Fact]
    public async Task A_tag_taken_off_does_not_wait_for_an_ended_item_being_forgotten()
    {
        // post-media-cleanup forgets ended items in its own order, the take-off strips the post's listed items in another:
        // with two ended items each held by one, they waited for each other (a deadlock). An ended item can never be
        // restored, so its copy of the tag is nothing to strip; the take-off leaves it alone.
        var (author, tagged) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var uploads = new[] { await _posts.UploadAsync(author), await _posts.UploadAsync(author), await _posts.UploadAsync(author) };
        var tag = new[] { new { username = tagged.Username, x = 0.5, y = 0.5 } };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new object[]
            {
                new { uploadId = uploads[0].UploadId },
                new { uploadId = uploads[1].UploadId, userTags = tag },
                new { uploadId = uploads[2].UploadId, userTags = tag },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var (postId, ended, listed) = (IdOf(post), IdOf(Media(post)[1]), IdOf(Media(post)[2]));
        (await RemoveAsync(author, postId, ended)).EnsureSuccessStatusCode();
        (await RemoveAsync(author, postId, listed)).EnsureSuccessStatusCode();
        await _posts.ExecuteAsync("UPDATE deleted_post_media SET deleted_at = @past - interval '30 days', restorable_until = @past WHERE id = @ended",
            new { ended, past = app.Clock.GetUtcNow() - TimeSpan.FromMinutes(1) });

        // post-media-cleanup's batch holds the ended item while it forgets it.
        await using var job = await _posts.Db.OpenConnectionAsync();
        await using var forgetting = await job.BeginTransactionAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteAsync(job, "DELETE FROM deleted_post_media WHERE id = @ended", new { ended }, forgetting));

        var takingOff = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tagged);
        var waiting = await TransactionRace.BlockedByAsync(_posts.Db, job.ProcessID, takingOff);
        await forgetting.CommitAsync();
        Assert.True(waiting is null, "The take-off waited for an ended item that post-media-cleanup was forgetting.");
        (await takingOff).EnsureSuccessStatusCode();

        Assert.False(await _posts.ScalarAsync<bool>(
            "SELECT user_tags @> jsonb_build_array(jsonb_build_object('userId', @id)) FROM deleted_post_media WHERE id = @listed",
            new { listed, id = tagged.Id }));
    }

    [Fact]
    public async Task An_item_of_a_deleted_post_waits_for_the_post_to_be_restored()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = IdOf(post);
        var item = IdOf(Media(post)[1]);
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureSuccessStatusCode();

        var listed = Assert.Single(await ListAsync(author));
        Assert.False(listed.TryGetProperty("post", out _)); // the post is itself in Recently deleted
        var problem = await (await RestoreAsync(author, postId, item)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("restore the post first", problem.GetProperty("detail").GetString());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM post_media WHERE post_id = @postId", new { postId }));

        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/restore", author)).EnsureSuccessStatusCode();
        Assert.Equal(2, Media(await (await RestoreAsync(author, postId, item)).ReadJsonAsync()).Count);
    }

    [Fact]
    public async Task Deleting_for_good_releases_the_upload_now_and_ends_restoring()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = IdOf(post);
        var item = IdOf(Media(post)[0]);
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @item", new { item });
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();

        await (await _posts.SendAsync(HttpMethod.Delete, $"{List}/{item}", author)).EnsureNoContentAsync();

        // Released now (the app's clock), not at the end of the window.
        Assert.True(await _posts.ScalarAsync<bool>("SELECT released_at <= @now FROM uploads WHERE id = @upload",
            new { upload, now = app.Clock.GetUtcNow() }));
        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, postId, item)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"{List}/{item}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Past_its_window_an_item_is_neither_listed_nor_restorable()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = IdOf(post);
        var item = IdOf(Media(post)[0]);
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();
        // Aged rather than the shared clock moved: other tests read wall-clock times.
        await _posts.ExecuteAsync("""
            UPDATE deleted_post_media SET deleted_at = deleted_at - interval '31 days', restorable_until = restorable_until - interval '31 days'
             WHERE id = @item
            """, new { item });

        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, postId, item)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"{List}/{item}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Anyone_else_and_bad_ids_get_404_and_change_nothing()
    {
        var (author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = IdOf(post);
        var item = IdOf(Media(post)[0]);
        var otherPost = await _posts.PostIdAsync(author);
        (await RemoveAsync(author, postId, item)).EnsureSuccessStatusCode();

        await (await RestoreAsync(null, postId, item)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RestoreAsync(other, postId, item)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(author, otherPost, item)).AssertProblemAsync(HttpStatusCode.NotFound); // not that post's item
        await (await RestoreAsync(author, "nope", item)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(author, postId, "nope")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"{List}/{item}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"{List}/nope", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync(List, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.GetAsync($"{List}?limit=0", author)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Single(await ListAsync(author));
        Assert.Single(Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync()));
    }
}
