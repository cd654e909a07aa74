using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// DELETE /posts/{id}/media/{mediaId} (docs/posts.md "Removing an item from a carousel"): the author takes one item out,
/// the rest close up in order, the post keeps at least one, and the item's tags, notices and upload go with it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CarouselItemRemovalTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static List<JsonElement> Media(JsonElement post) => post.GetProperty("media").EnumerateArray().ToList();

    private Task<HttpResponseMessage> RemoveAsync(TestUser? caller, object postId, object mediaId) =>
        _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{mediaId}", caller);

    [Fact]
    public async Task Removing_the_middle_item_closes_the_gap_and_releases_its_upload()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, "three photos", mediaCount: 3);
        var postId = post.GetProperty("id").GetGuid();
        var (first, middle, last) = (Media(post)[0], Media(post)[1], Media(post)[2]);
        var middleUpload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @id", new { id = middle.GetProperty("id").GetGuid() });

        var answer = await (await RemoveAsync(author, postId, middle.GetProperty("id").GetGuid())).ReadJsonAsync();
        Assert.Equal([first.GetProperty("id").GetGuid(), last.GetProperty("id").GetGuid()], Media(answer).Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal(["photo 0", "photo 2"], Media(answer).Select(m => m.GetProperty("altText").GetString()));
        Assert.Equal("0,1", await _posts.ScalarAsync<string>(
            "SELECT string_agg(display_order::text, ',' ORDER BY display_order) FROM post_media WHERE post_id = @postId", new { postId }));
        // Everyone reads the post as it is now.
        var reader = await _posts.NewUserAsync();
        Assert.Equal(2, Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", reader)).ReadJsonAsync()).Count);
        // Nothing in the post points at the object any more: released as of the end of its "Recently deleted" window.
        Assert.True(await _posts.ScalarAsync<bool>("""
            SELECT u.released_at = d.restorable_until FROM uploads u JOIN deleted_post_media d ON d.upload_id = u.id WHERE u.id = @middleUpload
            """, new { middleUpload }));

        // Then the first: one left, and that one stays.
        var one = await (await RemoveAsync(author, postId, first.GetProperty("id").GetGuid())).ReadJsonAsync();
        var only = Assert.Single(Media(one));
        Assert.Equal(last.GetProperty("id").GetGuid(), only.GetProperty("id").GetGuid());
        var problem = await (await RemoveAsync(author, postId, last.GetProperty("id").GetGuid())).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("at least one", problem.GetProperty("detail").GetString());
        Assert.Single(Media(await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_tag_on_the_removed_item_goes_with_it_and_so_does_its_notice_unless_another_item_still_tags_the_account()
    {
        var (author, onlyHere, alsoElsewhere) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var uploads = new[] { await _posts.UploadAsync(author), await _posts.UploadAsync(author) };
        object Tag(TestUser user) => new { username = user.Username, x = 0.5, y = 0.5 };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new object[]
            {
                new { uploadId = uploads[0].UploadId, userTags = new[] { Tag(onlyHere), Tag(alsoElsewhere) } },
                new { uploadId = uploads[1].UploadId, userTags = new[] { Tag(alsoElsewhere) } },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var postId = post.GetProperty("id").GetGuid();
        await _posts.SettleAsync(postId);
        Assert.Equal(1, await TagNoticesAsync(onlyHere, postId));
        Assert.Equal(1, await TagNoticesAsync(alsoElsewhere, postId));

        (await RemoveAsync(author, postId, Media(post)[0].GetProperty("id").GetGuid())).EnsureSuccessStatusCode();

        Assert.Equal(0, await TagNoticesAsync(onlyHere, postId));
        Assert.Equal(1, await TagNoticesAsync(alsoElsewhere, postId));
        Assert.Empty((await (await _posts.GetAsync($"/api/v1/users/{onlyHere.Username}/tagged", onlyHere)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
        Assert.Single((await (await _posts.GetAsync($"/api/v1/users/{alsoElsewhere.Username}/tagged", alsoElsewhere)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Only_the_author_may_remove_an_item_and_a_bad_id_changes_nothing()
    {
        var (author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var item = Media(post)[0].GetProperty("id").GetGuid();
        var otherItem = Media(await _posts.CreatePostAsync(author, mediaCount: 2))[0].GetProperty("id").GetGuid();

        await (await RemoveAsync(null, postId, item)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RemoveAsync(other, postId, item)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(author, postId, otherItem)).AssertProblemAsync(HttpStatusCode.NotFound); // another post's item
        await (await RemoveAsync(author, postId, "not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(author, Guid.NewGuid(), item)).AssertProblemAsync(HttpStatusCode.NotFound);
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureSuccessStatusCode();
        await (await RemoveAsync(author, postId, item)).AssertProblemAsync(HttpStatusCode.NotFound); // a deleted post
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM post_media WHERE post_id = @postId", new { postId }));
    }

    [Fact]
    public async Task Two_removals_at_once_leave_one_item()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(Media(post).Select(m => RemoveAsync(author, postId, m.GetProperty("id").GetGuid())));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM post_media WHERE post_id = @postId AND display_order = 0", new { postId }));
    }

    private Task<long> TagNoticesAsync(TestUser user, Guid postId) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @userId AND type = 'tag' AND entity_id = @postId",
            new { userId = user.Id, postId });
}
