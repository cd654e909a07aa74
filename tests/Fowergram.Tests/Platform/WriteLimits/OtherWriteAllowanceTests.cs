using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using static Fowergram.Tests.Platform.WriteLimits.WriteAllowanceHost;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// Direct messages (with shares and story replies), follows and follow requests, posts and reels, and stories each have their
/// own allowance (docs/reliability.md "Write allowances"): past it a 429 naming the kind, and nothing written. Own clock.
/// </summary>
public sealed class OtherWriteAllowanceTests : IAsyncLifetime
{
    private readonly FowergramApp _app = Create();
    private DmClient _dm = null!;
    private PostsClient Posts => _dm.Posts;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _dm = new DmClient(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> MessageAsync(TestUser sender, Guid thread, object body) =>
        _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", sender, body);

    private Task<HttpResponseMessage> FollowAsync(TestUser follower, TestUser target) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{target.Username}/follow", follower);

    private async Task<Guid> StoryUploadAsync(TestUser author) => (await Posts.UploadAsync(author, purpose: "story")).UploadId;

    [Fact]
    public async Task Messages_shares_and_story_replies_spend_one_allowance_and_the_one_past_it_is_not_sent()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var post = await Posts.PostIdAsync(b);
        var story = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/stories", b, new { uploadId = await StoryUploadAsync(b) }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await MessageAsync(a, thread, new { text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MessageAsync(a, thread, new { sharedPostId = post })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", a, new { text = "nice" })).StatusCode);

        var retryAfter = await AssertSpentAsync(await MessageAsync(a, thread, new { text = "one too many" }), "message");
        await AssertSpentAsync(await MessageAsync(a, thread, new { sharedPostId = post }), "message");
        await AssertSpentAsync(await _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", a, new { text = "again" }), "message");

        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
        Assert.Equal(PerHour, await CountAsync(Posts, "SELECT count(*) FROM messages WHERE sender_id = @userId", a.Id));
        // The other side of the thread writes on: the allowance is the sender's.
        Assert.Equal(HttpStatusCode.Created, (await MessageAsync(b, thread, new { text = "still here" })).StatusCode);
    }

    [Fact]
    public async Task A_story_reply_past_the_allowance_opens_no_thread_with_the_stories_author()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var stranger = await Posts.NewUserAsync();
        var story = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/stories", stranger, new { uploadId = await StoryUploadAsync(stranger) }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        for (var i = 0; i < PerHour; i++) Assert.Equal(HttpStatusCode.Created, (await MessageAsync(a, thread, new { text = $"hi {i}" })).StatusCode);

        await AssertSpentAsync(await _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", a, new { text = "nice" }), "message");

        // Refused before the reply's first transaction opened a thread with the author (one they would never see filled).
        Assert.Equal(0, await Posts.ScalarAsync<long>("""
            SELECT count(*) FROM conversation_participants mine JOIN conversation_participants theirs USING (conversation_id)
            WHERE mine.user_id = @a AND theirs.user_id = @stranger
            """, new { a = a.Id, stranger = stranger.Id }));
    }

    [Fact]
    public async Task Concurrent_story_replies_at_the_edge_open_a_thread_only_for_the_one_sent()
    {
        var (a, _, thread) = await _dm.FriendsAsync();
        var authors = new List<TestUser>();
        var stories = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var author = await Posts.NewUserAsync();
            authors.Add(author);
            stories.Add((await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = await StoryUploadAsync(author) }))
                .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }
        for (var i = 0; i < PerHour - 1; i++) Assert.Equal(HttpStatusCode.Created, (await MessageAsync(a, thread, new { text = $"hi {i}" })).StatusCode);

        // Another message of the account's is spending its last slot: every reply gets as far as its own spend, and waits there.
        var db = _app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var spender = await db.OpenConnectionAsync();
        await using var tx = await spender.BeginTransactionAsync();
        await spender.ExecuteAsync("SELECT 1 FROM write_allowances WHERE user_id = @id AND kind = 'message' FOR UPDATE", new { id = a.Id }, tx);
        var replies = Task.WhenAll(stories.Select(story => _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", a, new { text = "nice" })));
        await using (var watch = await db.OpenConnectionAsync())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Waiting for the row, or in line behind another reply waiting for it (then blocked by that one).
            while (!replies.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20) && await watch.ExecuteScalarAsync<int>("""
                       SELECT count(*)::int FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO write_allowances%'
                       """) < stories.Count)
                await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        await tx.CommitAsync();
        var answers = await replies;

        Assert.Equal(1, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(r => r.StatusCode != HttpStatusCode.Created)) await AssertSpentAsync(refused, "message");
        // Only the reply sent opened a thread: before, each opened its own in a first transaction and was refused in the second,
        // leaving the authors empty threads (a request each) they would never see filled.
        Assert.Equal(1, await Posts.ScalarAsync<long>("""
            SELECT count(*) FROM conversation_participants mine JOIN conversation_participants theirs USING (conversation_id)
            WHERE mine.user_id = @a AND theirs.user_id = ANY (@authors)
            """, new { a = a.Id, authors = authors.Select(u => u.Id).ToArray() }));
    }

    [Fact]
    public async Task Concurrent_messages_at_the_edge_never_exceed_the_allowance()
    {
        var (a, _, thread) = await _dm.FriendsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => MessageAsync(a, thread, new { text = $"burst {i}" })));

        Assert.Equal(PerHour, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(PerHour, await CountAsync(Posts, "SELECT count(*) FROM messages WHERE sender_id = @userId", a.Id));
    }

    [Fact]
    public async Task Follows_and_requests_spend_one_allowance_a_follow_already_there_spends_nothing_and_the_window_frees()
    {
        var fan = await Posts.NewUserAsync();
        var (first, second, secret, extra) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(isPrivate: true),
            await Posts.NewUserAsync());
        Assert.Equal(HttpStatusCode.OK, (await FollowAsync(fan, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FollowAsync(fan, second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FollowAsync(fan, secret)).StatusCode); // a request

        var retryAfter = await AssertSpentAsync(await FollowAsync(fan, extra), "follow");
        // Following again writes nothing and is answered as before, spent allowance or not.
        Assert.Equal(HttpStatusCode.OK, (await FollowAsync(fan, first)).StatusCode);

        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
        Assert.Equal(2, await CountAsync(Posts, "SELECT count(*) FROM follows WHERE follower_id = @userId", fan.Id));
        Assert.Equal(1, await CountAsync(Posts, "SELECT count(*) FROM follow_requests WHERE requester_id = @userId", fan.Id));
        _app.Clock.Advance(retryAfter);
        Assert.Equal(HttpStatusCode.OK, (await FollowAsync(fan, extra)).StatusCode);
        Assert.Equal(3, await CountAsync(Posts, "SELECT count(*) FROM follows WHERE follower_id = @userId", fan.Id));
    }

    [Fact]
    public async Task Posts_and_reels_spend_one_allowance_and_a_refused_post_leaves_its_upload_pending()
    {
        var author = await Posts.NewUserAsync();
        var reels = new ReelsClient(_app);
        await Posts.PostIdAsync(author);
        await reels.ReelIdAsync(author);
        await Posts.PostIdAsync(author);

        var upload = (await Posts.UploadAsync(author)).UploadId;
        var refused = await Posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media = new[] { new { uploadId = upload } } });
        var retryAfter = await AssertSpentAsync(refused, "post");
        await AssertSpentAsync(await reels.CreateAsync(author, new { uploadId = (await reels.VideoAsync(author)).UploadId, durationSeconds = 10 }), "post");

        Assert.Equal(2, await CountAsync(Posts, "SELECT count(*) FROM posts WHERE user_id = @userId", author.Id));
        Assert.Equal(1, await CountAsync(Posts, "SELECT count(*) FROM reels WHERE user_id = @userId", author.Id));
        Assert.Equal("pending", await Posts.Media.StatusInDatabaseAsync(upload));
        _app.Clock.Advance(retryAfter);
        await Posts.PostIdAsync(author); // asserts 201: the hour's window has freed
    }

    [Fact]
    public async Task The_story_past_the_allowance_is_429_and_not_posted()
    {
        var author = await Posts.NewUserAsync();
        for (var i = 0; i < PerHour; i++)
            Assert.Equal(HttpStatusCode.Created, (await Posts.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = await StoryUploadAsync(author) })).StatusCode);

        await AssertSpentAsync(await Posts.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = await StoryUploadAsync(author) }), "story");

        Assert.Equal(PerHour, await CountAsync(Posts, "SELECT count(*) FROM stories WHERE user_id = @userId", author.Id));
    }
}
