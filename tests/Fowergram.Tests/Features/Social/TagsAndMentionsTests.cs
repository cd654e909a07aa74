using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Who may tag and mention an account (migration 0125): everyone by default, only the accounts it follows, or nobody. A
/// tag or mention the setting does not allow is not made (no row, no notice); a story's mention sticker is refused.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TagsAndMentionsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> SetAsync(TestUser user, object body) =>
        _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/tags-and-mentions", user, body);

    private async Task<JsonElement> TaggedPostAsync(TestUser author, TestUser tagged)
    {
        var slot = await _posts.UploadAsync(author);
        return await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            caption = $"with @{tagged.Username}",
            media = new[] { new { uploadId = slot.UploadId, userTags = new[] { new { username = tagged.Username, x = 0.5, y = 0.5 } } } },
        })).ReadJsonAsync(HttpStatusCode.Created);
    }

    private Task<long> MentionRowsAsync(Guid postId) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM post_mentions WHERE post_id = @postId", new { postId });

    [Fact]
    public async Task Nobody_and_following_keep_out_the_tags_and_mentions_they_do_not_allow()
    {
        var (writer, me) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var defaults = await (await _posts.GetAsync("/api/v1/users/me/tags-and-mentions", me)).ReadJsonAsync();
        Assert.Equal(("everyone", "everyone"), (defaults.GetProperty("tags").GetString(), defaults.GetProperty("mentions").GetString()));

        await (await SetAsync(me, new { tags = "nobody", mentions = "following" })).ReadJsonAsync();
        var refused = await TaggedPostAsync(writer, me);
        Assert.Equal(0, refused.GetProperty("media")[0].GetProperty("userTags").GetArrayLength());
        Assert.Equal(0L, await MentionRowsAsync(refused.GetProperty("id").GetGuid()));
        var comment = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{refused.GetProperty("id").GetGuid()}/comments", writer,
            new { content = $"hey @{me.Username}" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comment_mentions WHERE comment_id = @id",
            new { id = comment.GetProperty("id").GetGuid() }));

        // Once the account follows the writer, "following" lets the mention through; "nobody" still keeps the tag out.
        await _posts.FollowAsync(me, writer);
        var allowed = await TaggedPostAsync(writer, me);
        Assert.Equal(0, allowed.GetProperty("media")[0].GetProperty("userTags").GetArrayLength());
        Assert.Equal(1L, await MentionRowsAsync(allowed.GetProperty("id").GetGuid()));

        await (await SetAsync(me, new { tags = "everyone", mentions = "everyone" })).ReadJsonAsync();
        Assert.Equal(1, (await TaggedPostAsync(writer, me)).GetProperty("media")[0].GetProperty("userTags").GetArrayLength());
    }

    [Fact]
    public async Task A_story_mention_the_setting_does_not_allow_is_refused()
    {
        var stories = new StoryClient(app);
        var (writer, me) = (await stories.NewUserAsync(), await stories.NewUserAsync());
        var meUser = new TestUser(me.Id, me.Username, stories.TokenOf(me));
        await (await SetAsync(meUser, new { tags = "everyone", mentions = "nobody" })).ReadJsonAsync();

        var body = new Dictionary<string, object?> { ["uploadId"] = await stories.UploadAsync(writer), ["audience"] = "public", ["mentions"] = new[] { me.Username } };
        var refused = await stories.SendAsync(HttpMethod.Post, "/api/v1/stories", writer, body);
        Assert.Contains("does not allow", await refused.Content.ReadAsStringAsync());
        await refused.AssertValidationErrorAsync("mentions");
        Assert.Equal(0L, await stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = writer.Id }));
    }

    [Fact]
    public async Task Bad_settings_are_400s_and_change_nothing()
    {
        var me = await _posts.NewUserAsync();
        await (await SetAsync(me, new { tags = "friends", mentions = "everyone" })).AssertValidationErrorAsync("tags");
        await (await SetAsync(me, new { tags = "nobody" })).AssertValidationErrorAsync("mentions");
        await (await _posts.GetAsync("/api/v1/users/me/tags-and-mentions", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unchanged = await (await _posts.GetAsync("/api/v1/users/me/tags-and-mentions", me)).ReadJsonAsync();
        Assert.Equal(("everyone", "everyone"), (unchanged.GetProperty("tags").GetString(), unchanged.GetProperty("mentions").GetString()));
    }
}
