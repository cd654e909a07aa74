using System.Net;
using System.Text.Json;
using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Removed content and its appeals (migration 0164, docs/moderation.md "Removed content and appeals"): every takedown is
/// listed for its owner; a removed post, reel or video may be appealed once within the window, its objects held meanwhile;
/// a moderator reverses (it comes back, with its restored event and no actor) or upholds (its objects are let go), and the
/// owner is told. Nobody else sees or appeals a removal; bad input is a 4xx that changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RemovalAppealTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<Guid> TakeDownAsync(string kind, Guid id) => await ResolveAsync(await ReportAsync(kind, id));

    private async Task<Guid> ReportAsync(string kind, Guid id) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = kind, targetId = id, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> ResolveAsync(Guid report)
    {
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    /// <summary>The host's clock as the database stores it (microseconds).</summary>
    private DateTimeOffset Now => Timestamps.Now(app.Clock);

    private Task<HttpResponseMessage> AppealAsync(TestUser user, Guid removal, string? message = "It is my own photo, not spam.") =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", user, new { message });

    private Task<HttpResponseMessage> DecideAsync(TestUser moderator, Guid removal, string outcome) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", moderator, new { outcome, notes = "looked again" });

    private Task<Guid> ThingAsync(string kind, TestUser author) => RemovableThings.CreateAsync(app, kind, author);

    private static string PathOf(string kind) => kind switch { "post" => "posts", "reel" => "reels", "story" => "stories", _ => "videos" };

    private async Task<List<string>> NoticesAsync(TestUser owner, string start) => (await _posts.QueryAsync<string>(
        "SELECT message FROM notifications WHERE user_id = @id AND type = 'system' AND actor_id IS NULL AND message LIKE @start || '%' ORDER BY created_at",
        new { id = owner.Id, start })).ToList();

    [Fact]
    public async Task A_removed_post_is_listed_for_its_owner_appealed_once_and_brought_back_when_reversed()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var post = await _posts.PostIdAsync(author);
        var now = Now;
        var removal = await TakeDownAsync("post", post);

        var listed = (await (await _posts.GetAsync("/api/v1/users/me/removals", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal((removal, "post", post, "spam"), (listed.GetProperty("id").GetGuid(), listed.GetProperty("targetType").GetString(),
            listed.GetProperty("targetId").GetGuid(), listed.GetProperty("reason").GetString()));
        Assert.Equal("We removed your post because it goes against our community guidelines on spam.", listed.GetProperty("message").GetString());
        Assert.Equal(now + TimeSpan.FromDays(30), listed.GetProperty("appealableUntil").GetDateTimeOffset());
        Assert.True(listed.GetProperty("canAppeal").GetBoolean());
        Assert.False(listed.TryGetProperty("appeal", out _)); // nulls are left out of answers
        // Its objects are held to the window's end instead of the clean-up's grace.
        Assert.Equal(now + TimeSpan.FromDays(30), await _posts.ScalarAsync<DateTimeOffset>("SELECT media_held_until FROM posts WHERE id = @post", new { post }));

        // Nobody else sees or appeals it.
        var stranger = await _posts.NewUserAsync();
        Assert.Equal(0, (await (await _posts.GetAsync("/api/v1/users/me/removals", stranger)).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AppealAsync(stranger, removal)).AssertProblemAsync(HttpStatusCode.NotFound);

        var appealed = await (await AppealAsync(author, removal)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("open", "It is my own photo, not spam."), (appealed.GetProperty("appeal").GetProperty("status").GetString(),
            appealed.GetProperty("appeal").GetProperty("message").GetString()));
        Assert.False(appealed.GetProperty("canAppeal").GetBoolean());
        // Asking again answers the first appeal, unchanged.
        var again = await (await AppealAsync(author, removal, "Please!")).ReadJsonAsync();
        Assert.Equal("It is my own photo, not spam.", again.GetProperty("appeal").GetProperty("message").GetString());
        Assert.True(await _posts.ScalarAsync<bool>("SELECT media_held_until = 'infinity' FROM posts WHERE id = @post", new { post }));

        // Moderators see it in the queue and, one by one, with the post as it is now and its media signed for them.
        var moderator = await _posts.ModeratorAsync();
        var queued = (await _posts.WholeQueueAsync("/api/v1/moderation/removal-appeals", moderator)).Single(a => a.GetProperty("id").GetGuid() == removal);
        Assert.Equal((author.Username, "open"), (queued.GetProperty("owner").GetString(), queued.GetProperty("status").GetString()));
        var one = await (await _posts.GetAsync($"/api/v1/moderation/removal-appeals/{removal}", moderator)).ReadJsonAsync();
        var target = one.GetProperty("target");
        Assert.True(target.GetProperty("removed").GetBoolean());
        foreach (var item in target.GetProperty("media").EnumerateArray()) (await app.Client.GetAsync(item.GetProperty("url").GetString())).EnsureSuccessStatusCode();

        var decided = await (await DecideAsync(moderator, removal, "reversed")).ReadJsonAsync();
        Assert.Equal(("reversed", moderator.Username, "looked again"), (decided.GetProperty("status").GetString(),
            decided.GetProperty("decidedBy").GetString(), decided.GetProperty("notes").GetString()));
        await (await DecideAsync(moderator, removal, "upheld")).AssertProblemAsync(HttpStatusCode.Conflict);

        // Back, for its author and its follower, with post.restored (no actor) for counters and feeds.
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/posts/{post}", follower)).StatusCode);
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_held_until FROM posts WHERE id = @post", new { post }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.restored' AND actor_id IS NULL AND payload->>'postId' = @key",
            new { key = post.ToString() }));
        Assert.Equal(["We reviewed your post again and restored it. Thanks for asking us to take another look."], await NoticesAsync(author, "We reviewed"));
        var mine = await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", author)).ReadJsonAsync();
        Assert.Equal("reversed", mine.GetProperty("appeal").GetProperty("status").GetString());
        Assert.False(mine.GetProperty("appeal").TryGetProperty("notes", out _));
        // What the owner wrote is in their export, the moderators' notes are not.
        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync()).GetProperty("removals").EnumerateArray().Single();
        Assert.Equal((removal, "It is my own photo, not spam.", "reversed"), (exported.GetProperty("id").GetGuid(),
            exported.GetProperty("appealMessage").GetString(), exported.GetProperty("appealStatus").GetString()));
        Assert.DoesNotContain("looked again", exported.GetRawText());
    }

    [Theory]
    [InlineData("reel", "reels")]
    [InlineData("igtv_video", "igtv_videos")]
    public async Task A_removed_reel_or_video_holds_its_uploads_and_comes_back_when_reversed(string kind, string table)
    {
        var author = await _posts.NewUserAsync();
        var id = await ThingAsync(kind, author);
        var now = Now;
        var removal = await TakeDownAsync(kind, id);
        Assert.Equal([now + TimeSpan.FromDays(30)], await ReleasesAsync(table, id));

        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();
        Assert.Equal([null], await ReleasesAsync(table, id));
        (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/{PathOf(kind)}/{id}", await _posts.NewUserAsync())).StatusCode);
        Assert.Equal([null], await ReleasesAsync(table, id));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = @type AND actor_id IS NULL AND payload::text LIKE '%' || @key || '%'",
            new { type = $"{kind}.restored", key = id.ToString() }));
        var thing = kind == "reel" ? "reel" : "video";
        Assert.Equal([$"We reviewed your {thing} again and restored it. Thanks for asking us to take another look."], await NoticesAsync(author, "We reviewed"));
    }

    private async Task<List<DateTimeOffset?>> ReleasesAsync(string table, Guid id) => (await _posts.QueryAsync<DateTimeOffset?>(
        $"SELECT DISTINCT u.released_at FROM {table} t JOIN uploads u ON u.id IN (t.upload_id, t.thumbnail_upload_id) WHERE t.id = @id", new { id })).ToList();

    [Theory]
    [InlineData("post")]
    [InlineData("reel")]
    [InlineData("igtv_video")]
    [InlineData("story")]
    public async Task An_upheld_removal_stays_and_lets_its_objects_go(string kind)
    {
        var author = await _posts.NewUserAsync();
        var id = await ThingAsync(kind, author);
        var removal = await TakeDownAsync(kind, id);
        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();

        var decided = await (await DecideAsync(await _posts.ModeratorAsync(), removal, "upheld")).ReadJsonAsync();

        Assert.Equal("upheld", decided.GetProperty("status").GetString());
        await (await _posts.GetAsync($"/api/v1/{PathOf(kind)}/{id}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        var now = Now;
        if (kind is "post" or "story")
            Assert.Equal(now, await _posts.ScalarAsync<DateTimeOffset>($"SELECT media_held_until FROM {PathOf(kind)} WHERE id = @id", new { id }));
        else
            Assert.Equal([now], await ReleasesAsync(kind == "reel" ? "reels" : "igtv_videos", id));
        var thing = kind switch { "igtv_video" => "video", _ => kind };
        Assert.Equal([$"We reviewed your {thing} again. It stays removed because it goes against our community guidelines on spam."],
            await NoticesAsync(author, "We reviewed"));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type LIKE '%.restored' AND payload::text LIKE '%' || @key || '%'",
            new { key = id.ToString() }));
    }

    [Fact]
    public async Task A_stopped_broadcast_is_listed_but_cannot_be_appealed_and_neither_can_a_post_its_author_had_deleted()
    {
        var author = await _posts.NewUserAsync();
        var commentRemoval = await TakeDownAsync("live_stream", await new LiveClient(app).LiveStreamIdAsync(author));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        // Reported while up, deleted by its author, then taken down from Recently deleted.
        var deleted = await _posts.PostIdAsync(author);
        var report = await ReportAsync("post", deleted);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", author)).EnsureNoContentAsync();
        var deletedRemoval = await ResolveAsync(report);

        var items = (await (await _posts.GetAsync("/api/v1/users/me/removals", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([deletedRemoval, commentRemoval], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.All(items, i => Assert.Equal((false, false), (i.TryGetProperty("appealableUntil", out _), i.GetProperty("canAppeal").GetBoolean())));

        foreach (var removal in new[] { commentRemoval, deletedRemoval })
            await (await AppealAsync(author, removal)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_held_until FROM posts WHERE id = @deleted", new { deleted }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM content_removals WHERE owner_id = @id AND appeal_status IS NOT NULL",
            new { id = author.Id }));
    }

    [Fact]
    public async Task A_removed_post_comment_comes_back_with_the_replies_its_removal_took_and_is_counted_again()
    {
        var (writer, replier, postAuthor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(postAuthor);
        var comment = await CommentAsync(writer, post, "you are wrong", null);
        var (kept, withdrawn) = (await CommentAsync(replier, post, "agreed", comment), await CommentAsync(replier, post, "on second thoughts", comment));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/comments/{withdrawn}", replier)).EnsureNoContentAsync();
        var events = new EntityEvents(app, "postId");
        await events.SettleAsync(post);
        Assert.Equal(2L, await _posts.CommentCountAsync(post));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var removal = await TakeDownAsync("comment", comment);
        await events.SettleAsync(post);
        Assert.Equal(0L, await _posts.CommentCountAsync(post));
        var mine = await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", writer)).ReadJsonAsync();
        Assert.True(mine.GetProperty("canAppeal").GetBoolean());
        (await AppealAsync(writer, removal)).EnsureSuccessStatusCode();

        (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).EnsureSuccessStatusCode();
        await events.SettleAsync(post);

        var shown = (await (await _posts.GetAsync($"/api/v1/posts/{post}/comments", postAuthor)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(comment, shown);
        Assert.Equal(2L, await _posts.CommentCountAsync(post));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NULL FROM comments WHERE id = @kept", new { kept }));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @withdrawn", new { withdrawn }));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'comment.restored' AND actor_id IS NULL AND payload->>'postId' = @key",
            new { key = post.ToString() }));
        Assert.Equal(["We reviewed your comment again and restored it. Thanks for asking us to take another look."], await NoticesAsync(writer, "We reviewed"));
    }

    [Fact]
    public async Task A_removed_story_is_held_and_comes_back_live_within_its_24_hours_when_reversed()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var story = await ThingAsync("story", author);
        var now = Now;
        var removal = await TakeDownAsync("story", story);
        Assert.Equal(now + TimeSpan.FromDays(30), await _posts.ScalarAsync<DateTimeOffset>("SELECT media_held_until FROM stories WHERE id = @story", new { story }));
        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();
        Assert.True(await _posts.ScalarAsync<bool>("SELECT media_held_until = 'infinity' FROM stories WHERE id = @story", new { story }));

        (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).EnsureSuccessStatusCode();

        // Live again: a follower sees it (only a live story is shown to anyone but its owner), and so does its owner.
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/stories/{story}", follower)).StatusCode);
        Assert.True((await (await _posts.GetAsync($"/api/v1/stories/{story}", author)).ReadJsonAsync()).GetProperty("isLive").GetBoolean());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'story.restored' AND actor_id IS NULL AND payload->>'storyId' = @key",
            new { key = story.ToString() }));
        Assert.Equal(["We reviewed your story again and restored it. Thanks for asking us to take another look."], await NoticesAsync(author, "We reviewed"));
    }

    [Fact]
    public async Task A_removed_reply_whose_comment_was_deleted_meanwhile_cannot_come_back_and_nothing_counts_it()
    {
        var (writer, replier, postAuthor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(postAuthor);
        var comment = await CommentAsync(writer, post, "first", null);
        var reply = await CommentAsync(replier, post, "you are wrong", comment);
        var removal = await TakeDownAsync("comment", reply);
        (await AppealAsync(replier, removal)).EnsureSuccessStatusCode();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/comments/{comment}", writer)).EnsureNoContentAsync();
        var events = new EntityEvents(app, "postId");
        await events.SettleAsync(post);
        Assert.Equal(0L, await _posts.CommentCountAsync(post));

        // Its thread is gone: back, it would be a reply nobody can read under a deleted comment, counted on the post.
        await (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).AssertProblemAsync(HttpStatusCode.Conflict);
        await events.SettleAsync(post);

        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @reply", new { reply }));
        Assert.Equal(0L, await _posts.CommentCountAsync(post));
    }

    [Theory]
    [InlineData("reel_comment", "reel_comments", "reel_comment.restored")]
    [InlineData("igtv_comment", "igtv_comments", "igtv_comment.restored")]
    public async Task A_removed_reel_or_video_comment_comes_back_with_its_replies(string kind, string table, string restored)
    {
        var (writer, replier, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var reels = new ReelsClient(app);
        var (path, thing) = kind == "reel_comment" ? ("reels", await reels.ReelIdAsync(owner)) : ("videos", await new VideosClient(app).VideoIdAsync(owner));
        var comment = await ThreadCommentAsync(writer, path, thing, "you are wrong", null);
        var reply = await ThreadCommentAsync(replier, path, thing, "agreed", comment);
        var removal = await TakeDownAsync(kind, comment);
        Assert.True(await _posts.ScalarAsync<bool>($"SELECT deleted_at IS NOT NULL FROM {table} WHERE id = @reply", new { reply }));
        (await AppealAsync(writer, removal)).EnsureSuccessStatusCode();

        (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).EnsureSuccessStatusCode();

        var shown = (await (await _posts.GetAsync($"/api/v1/{path}/{thing}/comments", owner)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(comment, shown);
        Assert.True(await _posts.ScalarAsync<bool>($"SELECT deleted_at IS NULL FROM {table} WHERE id = @reply", new { reply }));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = @restored AND actor_id IS NULL AND payload::text LIKE '%' || @key || '%'",
            new { restored, key = thing.ToString() }));
        if (kind == "reel_comment")
        {
            await reels.SettleAsync(thing);
            Assert.Equal(2L, await reels.StatAsync(thing, "comment_count"));
        }
    }

    [Theory]
    [InlineData("reel_comment", "reel_comments")]
    [InlineData("igtv_comment", "igtv_comments")]
    public async Task A_removed_reel_or_video_reply_whose_comment_was_deleted_meanwhile_cannot_come_back(string kind, string table)
    {
        var (writer, replier, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (path, thing) = kind == "reel_comment" ? ("reels", await new ReelsClient(app).ReelIdAsync(owner)) : ("videos", await new VideosClient(app).VideoIdAsync(owner));
        var comment = await ThreadCommentAsync(writer, path, thing, "first", null);
        var reply = await ThreadCommentAsync(replier, path, thing, "you are wrong", comment);
        var removal = await TakeDownAsync(kind, reply);
        (await AppealAsync(replier, removal)).EnsureSuccessStatusCode();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/{path}/{thing}/comments/{comment}", writer)).EnsureNoContentAsync();

        await (await DecideAsync(await _posts.ModeratorAsync(), removal, "reversed")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.True(await _posts.ScalarAsync<bool>($"SELECT deleted_at IS NOT NULL FROM {table} WHERE id = @reply", new { reply }));
    }

    [Theory]
    [InlineData("comment", "comments", "post_id")]
    [InlineData("reel_comment", "reel_comments", "reel_id")]
    [InlineData("igtv_comment", "igtv_comments", "video_id")]
    public async Task A_removed_pinned_comment_comes_back_pinned_only_while_it_fits_under_the_three_pins(string kind, string table, string column)
    {
        var (writer, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (path, thing) = kind switch
        {
            "comment" => ("posts", await _posts.PostIdAsync(owner)),
            "reel_comment" => ("reels", await new ReelsClient(app).ReelIdAsync(owner)),
            _ => ("videos", await new VideosClient(app).VideoIdAsync(owner)),
        };
        var comments = new List<Guid>();
        for (var i = 0; i < 3; i++) comments.Add(await ThreadCommentAsync(writer, path, thing, $"comment {i}", null));
        var (fits, late) = (await ThreadCommentAsync(writer, path, thing, "pinned, then taken down", null),
            await ThreadCommentAsync(writer, path, thing, "pinned, then taken down too", null));
        Task<HttpResponseMessage> PinAsync(Guid comment) => _posts.SendAsync(HttpMethod.Put, $"/api/v1/{path}/{thing}/comments/{comment}/pin", owner);
        await (await PinAsync(fits)).EnsureNoContentAsync();
        await (await PinAsync(late)).EnsureNoContentAsync();
        var (fitsRemoval, lateRemoval) = (await TakeDownAsync(kind, fits), await TakeDownAsync(kind, late));
        (await AppealAsync(writer, fitsRemoval)).EnsureSuccessStatusCode();
        (await AppealAsync(writer, lateRemoval)).EnsureSuccessStatusCode();
        // Their removal kept their pins, but they stopped counting: the author pins two others meanwhile.
        foreach (var comment in comments.Take(2)) await (await PinAsync(comment)).EnsureNoContentAsync();
        var moderator = await _posts.ModeratorAsync();

        // Two live pins: the first back fits and keeps its pin; the second would be a fourth, so it comes back unpinned.
        (await DecideAsync(moderator, fitsRemoval, "reversed")).EnsureSuccessStatusCode();
        (await DecideAsync(moderator, lateRemoval, "reversed")).EnsureSuccessStatusCode();

        var pinned = await _posts.QueryAsync<Guid>($"SELECT id FROM {table} WHERE {column} = @thing AND pinned_at IS NOT NULL AND deleted_at IS NULL",
            new { thing });
        Assert.Equal(new[] { comments[0], comments[1], fits }.Order(), pinned.Order());
        Assert.True(await _posts.ScalarAsync<bool>($"SELECT deleted_at IS NULL AND pinned_at IS NULL FROM {table} WHERE id = @late", new { late }));
        var shown = (await (await _posts.GetAsync($"/api/v1/{path}/{thing}/comments", owner)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetGuid(), c => c.GetProperty("isPinned").GetBoolean());
        Assert.Equal((true, false), (shown[fits], shown[late]));
        await (await PinAsync(comments[2])).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    private async Task<Guid> ThreadCommentAsync(TestUser user, string path, Guid thing, string content, Guid? parentId) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{path}/{thing}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> CommentAsync(TestUser user, Guid post, string content, Guid? parentId) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task Reversing_for_a_deleted_account_is_refused_and_the_appeal_stays_open()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        var removal = await TakeDownAsync("post", post);
        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();
        // The account asked to be deleted (its 30 days to change its mind running).
        await _posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = author.Id });

        var moderator = await _posts.ModeratorAsync();
        await (await DecideAsync(moderator, removal, "reversed")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT appeal_status FROM content_removals WHERE report_id = @removal", new { removal }));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL AND media_held_until = 'infinity' FROM posts WHERE id = @post", new { post }));
        Assert.Empty(await NoticesAsync(author, "We reviewed"));
    }

    [Fact]
    public async Task Moderators_deciding_one_appeal_at_once_one_wins_the_others_find_it_decided()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        var removal = await TakeDownAsync("post", post);
        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();
        var moderators = new List<TestUser>();
        for (var i = 0; i < 4; i++) moderators.Add(await _posts.ModeratorAsync());

        var answers = await Task.WhenAll(moderators.Select((m, i) => DecideAsync(m, removal, i % 2 == 0 ? "reversed" : "upheld")));

        Assert.Equal([200, 409, 409, 409], answers.Select(a => (int)a.StatusCode).Order());
        Assert.Single(await NoticesAsync(author, "We reviewed"));
    }

    [Fact]
    public async Task Bad_input_is_a_4xx_that_changes_nothing()
    {
        var author = await _posts.NewUserAsync();
        var removal = await TakeDownAsync("post", await _posts.PostIdAsync(author));
        var moderator = await _posts.ModeratorAsync();

        await (await AppealAsync(author, removal, null)).AssertValidationErrorAsync("message");
        await (await AppealAsync(author, removal, "   ")).AssertValidationErrorAsync("message");
        await (await AppealAsync(author, removal, new string('x', 2001))).AssertValidationErrorAsync("message");
        await (await _posts.SendRawAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", author, "{not json"))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await AppealAsync(author, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AppealAsync(author, Guid.Empty)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync("/api/v1/users/me/removals/not-an-id", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", null, new { message = "hi" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(await _posts.ScalarAsync<string?>("SELECT appeal_status FROM content_removals WHERE report_id = @removal", new { removal }));
        (await AppealAsync(author, removal)).EnsureSuccessStatusCode();

        await (await DecideAsync(moderator, removal, "granted")).AssertValidationErrorAsync("outcome");
        await (await DecideAsync(author, removal, "reversed")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _posts.GetAsync("/api/v1/moderation/removal-appeals", author)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(moderator, Guid.NewGuid(), "reversed")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/moderation/removal-appeals/{Guid.NewGuid()}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", moderator,
            new { outcome = "upheld", notes = new string('x', 2001) })).AssertValidationErrorAsync("notes");
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", moderator,
            new { outcome = "upheld", notes = "\u200B\uFEFF" })).AssertValidationErrorAsync("notes");

        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT appeal_status FROM content_removals WHERE report_id = @removal", new { removal }));
    }
}
