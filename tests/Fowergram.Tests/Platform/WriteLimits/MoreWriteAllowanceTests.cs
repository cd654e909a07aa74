using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using static Fowergram.Tests.Platform.WriteLimits.WriteAllowanceHost;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// The kinds added in session 56 (docs/reliability.md "Write allowances"): broadcast-channel messages (scheduled ones when
/// scheduled), long-form videos, scheduled posts and reels (the posts-and-reels allowance, when scheduled), reposts, and story
/// sticker answers with story reactions. Past each a 429 naming the kind, and nothing written. Own clock.
/// </summary>
public sealed class MoreWriteAllowanceTests : IAsyncLifetime
{
    private readonly FowergramApp _app = Create();
    private ChannelClient _channels = null!;
    private PostsClient Posts => _channels.Posts;
    private DateTimeOffset Now => _app.Clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _channels = new ChannelClient(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> ChannelMessageAsync(TestUser sender, Guid channel, string text) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", sender, new { text });

    private Task<HttpResponseMessage> ScheduleChannelMessageAsync(TestUser sender, Guid channel, string text) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/scheduled-messages", sender, new { publishAt = Now.AddDays(1), text });

    [Fact]
    public async Task Channel_messages_and_scheduled_ones_spend_one_allowance_when_written_and_publishing_spends_nothing()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var scheduled = (await (await ScheduleChannelMessageAsync(owner, channel, "later")).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await _channels.PostAsync(owner, channel, new { text = "one" });
        await _channels.PostAsync(owner, channel, new { text = "two" });

        var retryAfter = await AssertSpentAsync(await ChannelMessageAsync(owner, channel, "one too many"), "channelMessage");
        await AssertSpentAsync(await ScheduleChannelMessageAsync(owner, channel, "later too"), "channelMessage");

        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
        Assert.Equal(2, await _channels.MessageRowsAsync(channel));
        Assert.Equal(1, await Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_scheduled_messages WHERE channel_id = @channel", new { channel }));
        // Spent when scheduled: posting it now (or the job later) is never refused.
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/scheduled-messages/{scheduled}/publish", owner))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(3, await _channels.MessageRowsAsync(channel));
    }

    [Fact]
    public async Task Concurrent_channel_messages_at_the_edge_never_exceed_the_allowance()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => ChannelMessageAsync(owner, channel, $"burst {i}")));

        Assert.Equal(PerHour, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal(PerHour, await _channels.MessageRowsAsync(channel));
    }

    [Fact]
    public async Task The_video_past_the_allowance_is_429_and_its_upload_stays_pending()
    {
        var videos = new VideosClient(_app);
        var author = await Posts.NewUserAsync();
        await videos.VideoIdAsync(author);
        await videos.VideoIdAsync(author, published: false); // a draft counts too
        await videos.VideoIdAsync(author);

        var upload = (await videos.UploadAsync(author)).UploadId;
        var retryAfter = await AssertSpentAsync(await videos.CreateAsync(author, new { uploadId = upload, title = "Four", durationSeconds = 600 }), "video");

        Assert.Equal(PerHour, await CountAsync(Posts, "SELECT count(*) FROM igtv_videos WHERE user_id = @userId", author.Id));
        Assert.Equal("pending", await Posts.Media.StatusInDatabaseAsync(upload));
        _app.Clock.Advance(retryAfter);
        await videos.VideoIdAsync(author); // asserts 201: the hour's window has freed
    }

    [Fact]
    public async Task Scheduled_posts_and_reels_spend_the_post_allowance_when_scheduled_and_publishing_them_spends_nothing()
    {
        var reels = new ReelsClient(_app);
        var author = await Posts.NewUserAsync();
        var scheduled = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-posts", author, new
        {
            publishAt = Now.AddDays(1), caption = "later", media = new[] { new { uploadId = (await Posts.UploadAsync(author)).UploadId } },
        })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-reels", author, new
        {
            publishAt = Now.AddDays(1), caption = "later", uploadId = (await reels.VideoAsync(author)).UploadId, durationSeconds = 10,
        })).ReadJsonAsync(HttpStatusCode.Created);
        await Posts.PostIdAsync(author);

        var upload = (await Posts.UploadAsync(author)).UploadId;
        await AssertSpentAsync(await Posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-posts", author, new
        {
            publishAt = Now.AddDays(1), media = new[] { new { uploadId = upload } },
        }), "post");
        await AssertSpentAsync(await Posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-reels", author, new
        {
            publishAt = Now.AddDays(1), uploadId = (await reels.VideoAsync(author)).UploadId, durationSeconds = 10,
        }), "post");

        Assert.Equal(1, await CountAsync(Posts, "SELECT count(*) FROM scheduled_posts WHERE user_id = @userId", author.Id));
        Assert.Equal(1, await CountAsync(Posts, "SELECT count(*) FROM scheduled_reels WHERE user_id = @userId", author.Id));
        Assert.Equal("pending", await Posts.Media.StatusInDatabaseAsync(upload));
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/scheduled-posts/{scheduled}/publish", author)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Reposts_of_posts_and_reels_spend_one_allowance_and_reposting_again_spends_nothing()
    {
        var reels = new ReelsClient(_app);
        var (author, other, fan) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var (first, second, third) = (await Posts.PostIdAsync(author), await Posts.PostIdAsync(author), await Posts.PostIdAsync(other));
        var reel = await reels.ReelIdAsync(other);
        Task<HttpResponseMessage> RepostAsync(string thing, Guid id) => Posts.SendAsync(HttpMethod.Put, $"/api/v1/{thing}/{id}/repost", fan);
        await (await RepostAsync("posts", first)).EnsureNoContentAsync();
        await (await RepostAsync("reels", reel)).EnsureNoContentAsync();
        await (await RepostAsync("posts", second)).EnsureNoContentAsync();

        await AssertSpentAsync(await RepostAsync("posts", third), "repost");
        await AssertSpentAsync(await RepostAsync("reels", await reels.ReelIdAsync(author)), "repost");
        await (await RepostAsync("posts", first)).EnsureNoContentAsync(); // already there: nothing written, nothing spent

        Assert.Equal(2, await CountAsync(Posts, "SELECT count(*) FROM reposts WHERE user_id = @userId", fan.Id));
        Assert.Equal(1, await CountAsync(Posts, "SELECT count(*) FROM reel_reposts WHERE user_id = @userId", fan.Id));
    }

    [Fact]
    public async Task Story_sticker_answers_and_reactions_spend_one_allowance_and_a_repeated_answer_spends_nothing()
    {
        var stories = new StoryClient(_app);
        var (author, other, viewer) = (await stories.NewUserAsync(), await stories.NewUserAsync(), await stories.NewUserAsync());
        var (poll, _) = await stories.CreateStoryAsync(author, fields: new { poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" } });
        var (quiz, _) = await stories.CreateStoryAsync(author, fields: new { quiz = new { question = "Capital of Peru?", options = new[] { "Quito", "Lima" }, correctOption = 2 } });
        var (slider, _) = await stories.CreateStoryAsync(author, fields: new { slider = new { question = "How spicy?", emoji = "\U0001F336\uFE0F" } });
        var (question, _) = await stories.CreateStoryAsync(other, fields: new { question = new { text = "Ask me anything" } });
        var (plain, _) = await stories.CreateStoryAsync(other);
        Task<HttpResponseMessage> AnswerAsync(HttpMethod method, Guid story, string path, object body) =>
            stories.SendAsync(method, $"/api/v1/stories/{story}/{path}", viewer, body);
        Assert.Equal(HttpStatusCode.Created, (await AnswerAsync(HttpMethod.Post, poll, "poll/votes", new { option = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AnswerAsync(HttpMethod.Post, quiz, "quiz/answers", new { option = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AnswerAsync(HttpMethod.Post, slider, "slider/responses", new { value = 0.5 })).StatusCode);

        await AssertSpentAsync(await AnswerAsync(HttpMethod.Post, question, "question/responses", new { text = "Hi" }), "storyAnswer");
        await AssertSpentAsync(await AnswerAsync(HttpMethod.Put, plain, "reaction", new { type = "fire" }), "storyAnswer");
        // The same vote again writes nothing and is answered as before, spent allowance or not.
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(HttpMethod.Post, poll, "poll/votes", new { option = 1 })).StatusCode);

        Assert.Equal(0, await stories.ScalarAsync<long>("SELECT count(*) FROM story_question_responses WHERE user_id = @id", new { id = viewer.Id }));
        Assert.Equal(0, await stories.ScalarAsync<long>("SELECT count(*) FROM story_reactions WHERE user_id = @id", new { id = viewer.Id }));
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(HttpMethod.Put, plain, "reaction", new { type = "fire" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(HttpMethod.Put, plain, "reaction", new { type = "fire" })).StatusCode); // unchanged: free
        Assert.Equal(HttpStatusCode.Created, (await AnswerAsync(HttpMethod.Post, question, "question/responses", new { text = "Hi" })).StatusCode);
        await AssertSpentAsync(await AnswerAsync(HttpMethod.Put, plain, "reaction", new { type = "wow" }), "storyAnswer"); // a change spends
    }
}
