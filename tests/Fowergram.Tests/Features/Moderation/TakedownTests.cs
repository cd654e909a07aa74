using System.Net;
using System.Text.Json;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Resolving a report with remove (migration 0111): every kind of reported content goes as its owner's deletion would take
/// it, with the owner's events (no actor), and every open report of it closes with the same action; nothing left to
/// remove, or remove with a dismissal, changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TakedownTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private Task<TestUser> ModeratorAsync() => Posts.ModeratorAsync();

    private async Task<Guid> ReportAsync(TestUser reporter, string targetType, Guid targetId) =>
        (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType, targetId, reason = "spam" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> ResolveAsync(TestUser moderator, Guid report, string outcome = "actioned", bool remove = true) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator, new { outcome, notes = "against the rules", remove });

    [Fact]
    public void Every_reportable_kind_of_content_has_one_takedown()
    {
        var kinds = app.Services.GetServices<ITakedown>().SelectMany(t => t.TargetTypes).Order().ToList();
        Assert.Equal(["broadcast_channel", "channel_message", "comment", "igtv_comment", "igtv_video", "live_stream", "message", "note", "post",
            "product", "reel", "reel_comment", "story"], kinds);
    }

    [Theory]
    [InlineData("post", "SELECT deleted_at IS NOT NULL FROM posts WHERE id = @id", "post.deleted")]
    [InlineData("comment", "SELECT deleted_at IS NOT NULL FROM comments WHERE id = @id", "comment.deleted")]
    [InlineData("reel", "SELECT deleted_at IS NOT NULL FROM reels WHERE id = @id", "reel.deleted")]
    [InlineData("reel_comment", "SELECT deleted_at IS NOT NULL FROM reel_comments WHERE id = @id", "reel_comment.deleted")]
    [InlineData("igtv_video", "SELECT deleted_at IS NOT NULL FROM igtv_videos WHERE id = @id", "igtv_video.deleted")]
    [InlineData("igtv_comment", "SELECT deleted_at IS NOT NULL FROM igtv_comments WHERE id = @id", "igtv_comment.deleted")]
    [InlineData("story", "SELECT deleted_at IS NOT NULL FROM stories WHERE id = @id", "story.deleted")]
    [InlineData("message", "SELECT message_type = 'removed' AND content IS NULL FROM messages WHERE id = @id", null)]
    [InlineData("live_stream", "SELECT status = 'ended' FROM live_streams WHERE id = @id", "live_stream.ended")]
    [InlineData("product", "SELECT deleted_at IS NOT NULL FROM products WHERE id = @id", null)]
    [InlineData("note", "SELECT removed_at IS NOT NULL FROM notes WHERE id = @id", null)]
    public async Task A_reported_thing_is_removed_as_its_owner_would_remove_it_and_all_its_reports_close(string kind, string gone, string? evt)
    {
        var moderator = await ModeratorAsync();
        var (author, reporter) = (kind == "product" ? await new ShopClient(app).SellerAsync() : await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var target = await CreateAsync(kind, author, reporter);
        var report = await ReportAsync(reporter, kind, target);
        // A second report of the same thing; a message may be reported only from inside its thread, and a note only by those
        // it is shown to, so their author reports it too.
        var second = await ReportAsync(kind is "message" or "note" ? author : await Posts.NewUserAsync(), kind, target);

        // The moderator sees its media, each URL signed for them and working.
        var shown = (await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", moderator)).ReadJsonAsync()).GetProperty("target");
        var media = shown.TryGetProperty("media", out var listed) ? listed.EnumerateArray().ToList() : [];
        Assert.Equal(kind is "post" or "reel" or "igtv_video" or "story" or "product", media.Count > 0);
        foreach (var item in media) (await app.Client.GetAsync(item.GetProperty("url").GetString())).EnsureSuccessStatusCode();

        var resolved = await (await ResolveAsync(moderator, report)).ReadJsonAsync();
        Assert.Equal(("actioned", "removed"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("action").GetString()));
        Assert.True(await Posts.ScalarAsync<bool>(gone, new { id = target }));
        Assert.Equal(("actioned", "removed"), (await Posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @second", new { second }),
            await Posts.ScalarAsync<string>("SELECT action FROM reports WHERE id = @second", new { second })));
        if (evt is not null)
            Assert.Equal(1L, await Posts.ScalarAsync<long>(
                "SELECT count(*) FROM outbox WHERE type = @evt AND actor_id IS NULL AND payload::text LIKE '%' || @id || '%'", new { evt, id = target.ToString() }));
        await (await ResolveAsync(moderator, second)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2L, await Posts.ScalarAsync<long>("""
            SELECT count(*) FROM notifications n JOIN reports r ON r.reporter_id = n.user_id
             WHERE r.id = ANY(@ids) AND n.type = 'system' AND n.actor_id IS NULL AND n.message LIKE 'Thanks for your report. We removed the %'
            """, new { ids = new[] { report, second } }));
        // The owner is told what went and why (the report's reason), once, with nobody named.
        var thing = kind switch { "reel_comment" or "igtv_comment" => "comment", "igtv_video" => "video", "live_stream" => "live broadcast", _ => kind };
        Assert.Equal([$"We removed your {thing} because it goes against our community guidelines on spam."], await OwnerNoticesAsync(author));
    }

    private async Task<List<string>> OwnerNoticesAsync(TestUser owner) => (await Posts.QueryAsync<string>(
        "SELECT message FROM notifications WHERE user_id = @id AND type = 'system' AND actor_id IS NULL AND message LIKE 'We removed your %'",
        new { id = owner.Id })).ToList();

    [Theory]
    [InlineData("post", "posts", "post", "postId", "post")]
    [InlineData("reel", "reels", "reel", "reelId", "reel")]
    [InlineData("igtv_video", "videos", "igtv_video", "videoId", "video")]
    [InlineData("story", "stories", "story", "storyId", "story")]
    public async Task A_reported_post_reel_or_video_its_author_deleted_is_taken_down_for_good_and_cannot_be_restored(string kind, string path,
        string eventPrefix, string idKey, string noun)
    {
        var moderator = await ModeratorAsync();
        var (author, reporter) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var id = kind switch
        {
            "post" => await Posts.PostIdAsync(author),
            "reel" => await new ReelsClient(app).ReelIdAsync(author),
            "story" => (await new StoryClient(app).CreateStoryAsync(new Person(author.Id, author.Username))).Id,
            _ => await new VideosClient(app).VideoIdAsync(author),
        };
        var report = await ReportAsync(reporter, kind, id);
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/{path}/{id}", author)).EnsureNoContentAsync();

        (await ResolveAsync(moderator, report)).EnsureSuccessStatusCode();

        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/{path}/{id}/restore", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        var deleted = await (await Posts.GetAsync($"/api/v1/users/me/{path}/deleted", author)).ReadJsonAsync();
        Assert.Equal(0, deleted.GetProperty("items").GetArrayLength());
        // Deleted once, by its author: the takedown raised no second event.
        Assert.Equal(1L, await Posts.ScalarAsync<long>($"SELECT count(*) FROM outbox WHERE type = '{eventPrefix}.deleted' AND payload->>'{idKey}' = @key",
            new { key = id.ToString() }));
        Assert.Equal([$"We removed your {noun} because it goes against our community guidelines on spam."], await OwnerNoticesAsync(author));
    }

    [Fact]
    public async Task Nothing_left_to_remove_and_remove_with_a_dismissal_are_refused_and_the_report_stays_open()
    {
        var moderator = await ModeratorAsync();
        var (author, reporter) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var post = await Posts.PostIdAsync(author);
        var report = await ReportAsync(reporter, "post", post);

        await (await ResolveAsync(moderator, report, "dismissed")).AssertValidationErrorAsync("remove");
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        // Deleted for good: nothing left to remove (while it sat in Recently deleted it could still be taken down, below).
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/posts/deleted/{post}", author)).EnsureNoContentAsync();
        await (await ResolveAsync(moderator, report)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("open", await Posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @report", new { report }));

        // Without remove it closes as before: the author's own deletion was the action.
        var closed = await (await ResolveAsync(moderator, report, remove: false)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Undefined, closed.TryGetProperty("action", out var action) ? action.ValueKind : JsonValueKind.Undefined);
        Assert.Empty(await OwnerNoticesAsync(author));
    }

    [Fact]
    public async Task Moderators_removing_one_target_from_different_reports_at_once_take_turns_one_wins_the_others_find_it_closed()
    {
        var moderators = new List<TestUser>();
        for (var i = 0; i < 4; i++) moderators.Add(await ModeratorAsync());
        var author = await Posts.NewUserAsync();
        var post = await Posts.PostIdAsync(author);
        var reports = new List<Guid>();
        for (var i = 0; i < 4; i++) reports.Add(await ReportAsync(await Posts.NewUserAsync(), "post", post));

        var answers = await Task.WhenAll(moderators.Select((m, i) => ResolveAsync(m, reports[i])));
        var statuses = answers.Select(a => (int)a.StatusCode).Order().ToList();
        Assert.Equal([200, 409, 409, 409], statuses);
        Assert.Equal(4L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE id = ANY(@reports) AND status = 'actioned' AND action = 'removed'",
            new { reports = reports.ToArray() }));
        Assert.Equal(1L, await Posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'post.deleted' AND payload->>'postId' = @post", new { post = post.ToString() }));
        Assert.Single(await OwnerNoticesAsync(author));
    }

    /// <summary>The author's thing of <paramref name="kind"/>, which <paramref name="reporter"/> can see.</summary>
    private async Task<Guid> CreateAsync(string kind, TestUser author, TestUser reporter)
    {
        switch (kind)
        {
            case "post": return await Posts.PostIdAsync(author);
            case "comment":
                var post = await Posts.PostIdAsync(reporter);
                return await CreatedAsync($"/api/v1/posts/{post}/comments", author, new { content = "buy followers" });
            case "reel": return await new ReelsClient(app).ReelIdAsync(author);
            case "reel_comment":
                var reels = new ReelsClient(app);
                return await reels.CommentAsync(author, await reels.ReelIdAsync(reporter), "buy followers");
            case "igtv_video": return await new VideosClient(app).VideoIdAsync(author);
            case "igtv_comment":
                var video = await new VideosClient(app).VideoIdAsync(reporter);
                return await CreatedAsync($"/api/v1/videos/{video}/comments", author, new { content = "buy followers" });
            case "story": return (await new StoryClient(app).CreateStoryAsync(new Person(author.Id, author.Username))).Id;
            case "message": return await _dm.SayAsync(author, await _dm.DirectAsync(author, reporter), "buy followers");
            case "live_stream": return await new LiveClient(app).LiveStreamIdAsync(author);
            case "product": return (await new ShopClient(app).ProductAsync(author)).GetProperty("id").GetGuid(); // with a photo
            case "note":
                await Posts.FollowAsync(author, reporter);
                await Posts.FollowAsync(reporter, author);
                return await CreatedAsync("/api/v1/users/me/note", author, new { text = "buy followers" }, HttpMethod.Put);
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private async Task<Guid> CreatedAsync(string path, TestUser user, object body, HttpMethod? method = null) =>
        (await (await Posts.SendAsync(method ?? HttpMethod.Post, path, user, body)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
