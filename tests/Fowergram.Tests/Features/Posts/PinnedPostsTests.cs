using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Pinned posts (migration 0122): up to three of one's own posts on top of the grid's first page, the latest pinned first,
/// not repeated below; archiving unpins; the limit holds under concurrent pins.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PinnedPostsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> PinAsync(TestUser user, Guid post) => _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/pin", user);

    private Task<HttpResponseMessage> UnpinAsync(TestUser user, Guid post) => _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/pin", user);

    private async Task<List<Guid>> PostsAsync(TestUser owner, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            ids.Add(await _posts.PostIdAsync(owner, $"post {i}"));
        }
        return ids;
    }

    private async Task<JsonElement> GridAsync(TestUser owner, TestUser viewer, string query = "") =>
        await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/posts{query}", viewer)).ReadJsonAsync();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Pinned_posts_top_the_first_page_of_the_grid_latest_pinned_first_and_are_not_repeated_below()
    {
        var (owner, viewer) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var p = await PostsAsync(owner, 5); // p[4] is the newest
        await (await PinAsync(owner, p[0])).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await PinAsync(owner, p[2])).EnsureNoContentAsync();
        await (await PinAsync(owner, p[2])).EnsureNoContentAsync(); // again: nothing changes

        var first = await GridAsync(owner, viewer, "?limit=2");
        Assert.Equal([p[2], p[0], p[4], p[3]], Ids(first));
        Assert.Equal([true, true, false, false], first.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("isPinned").GetBoolean()));
        var rest = await GridAsync(owner, viewer, $"?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");
        Assert.Equal([p[1]], Ids(rest));

        await (await UnpinAsync(owner, p[2])).EnsureNoContentAsync();
        await (await UnpinAsync(owner, p[2])).EnsureNoContentAsync();
        Assert.Equal([p[0], p[4], p[3], p[2], p[1]], Ids(await GridAsync(owner, viewer)));
    }

    [Fact]
    public async Task At_most_three_only_one_s_own_live_posts_and_archiving_unpins()
    {
        var (owner, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var p = await PostsAsync(owner, 5);
        foreach (var post in p.Take(3)) await (await PinAsync(owner, post)).EnsureNoContentAsync();
        await (await PinAsync(owner, p[3])).AssertProblemAsync(HttpStatusCode.Conflict);

        await (await PinAsync(other, p[4])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await UnpinAsync(other, p[0])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(owner, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/posts/not-a-post/pin", owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Archiving a pinned post unpins it, which frees a place; an archived post cannot be pinned.
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{p[0]}/archive", owner)).EnsureSuccessStatusCode();
        await (await PinAsync(owner, p[0])).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await PinAsync(owner, p[3])).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{p[0]}/unarchive", owner)).EnsureSuccessStatusCode();
        Assert.False(await _posts.ScalarAsync<bool>("SELECT pinned_at IS NOT NULL FROM posts WHERE id = @id", new { id = p[0] }));

        // A deleted pinned post goes from the top and its place with it.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{p[1]}", owner)).EnsureNoContentAsync();
        Assert.DoesNotContain(p[1], Ids(await GridAsync(owner, other)));
        await (await PinAsync(owner, p[4])).EnsureNoContentAsync();
        Assert.Equal(3L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM posts WHERE user_id = @id AND pinned_at IS NOT NULL AND deleted_at IS NULL", new { id = owner.Id }));
    }

    [Fact]
    public async Task A_pin_racing_the_posts_deletion_or_archiving_answers_for_what_happened_not_the_limit()
    {
        var owner = await _posts.NewUserAsync();
        var p = await PostsAsync(owner, 2);
        var db = await TestDatabase.GetAsync();
        foreach (var (post, change, status, detail) in new[]
                 {
                     (p[0], "deleted_at = now(), restorable_until = now() + interval '30 days'", HttpStatusCode.NotFound, "post"),
                     (p[1], "is_archived = true", HttpStatusCode.Conflict, "archived"),
                 })
        {
            // The author's delete (or archive) holds the post's row when the pin comes, and commits while the pin waits.
            await using var holder = await db.OpenConnectionAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await Dapper.SqlMapper.ExecuteAsync(holder, $"UPDATE posts SET {change} WHERE id = @post", new { post }, tx);
            var pinning = PinAsync(owner, post);
            await TransactionRace.WaitUntilBlockedByAsync(db, holder.ProcessID, pinning);
            await tx.CommitAsync();

            // Before the fix: both were the 409 "At most 3 posts can be pinned", with no pin at all.
            var answer = await pinning;
            await answer.AssertProblemAsync(status);
            Assert.Contains(detail, await answer.Content.ReadAsStringAsync());
            Assert.DoesNotContain("At most", await answer.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Pins_at_once_never_pass_three()
    {
        var owner = await _posts.NewUserAsync();
        var p = await PostsAsync(owner, 6);
        var answers = await Task.WhenAll(p.Select(post => PinAsync(owner, post)));
        Assert.Equal([204, 204, 204, 409, 409, 409], answers.Select(a => (int)a.StatusCode).Order());
        Assert.Equal(3L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id AND pinned_at IS NOT NULL", new { id = owner.Id }));
    }
}
