using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Replies to stories (migration 0126): a direct message to the story's author, of type story_reply, showing the story;
/// only a live story the caller may see; never one's own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryReplyTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private readonly StoryClient _stories = new(app);

    private Task<HttpResponseMessage> ReplyAsync(TestUser user, Guid story, object? body = null) =>
        _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", user, body ?? new { text = "love this!" });

    private async Task<Guid> StoryAsync(TestUser author, string audience = "public") =>
        (await _stories.CreateStoryAsync(new Person(author.Id, author.Username), audience)).Id;

    [Fact]
    public async Task A_reply_lands_in_the_author_s_direct_thread_showing_the_story()
    {
        var (author, fan) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var story = await StoryAsync(author);

        var sent = await (await ReplyAsync(fan, story)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("story_reply", "love this!", story), (sent.GetProperty("type").GetString(), sent.GetProperty("text").GetString(),
            sent.GetProperty("sharedStory").GetProperty("id").GetGuid()));
        // The author does not follow the fan: the thread waits among the author's requests, as any first message would.
        var thread = Assert.Single(await _dm.FolderAsync(author, "requests"));
        Assert.Equal([sent.GetProperty("id").GetGuid()], await _dm.MessageIdsAsync(author, thread));
        var second = await (await ReplyAsync(fan, story, new { text = "again" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(thread, second.GetProperty("conversationId").GetGuid()); // the same one-to-one thread
    }

    [Fact]
    public async Task Only_a_live_story_the_caller_may_see_and_not_their_own()
    {
        var (author, stranger, blocked) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var closeFriends = await StoryAsync(author, "close_friends");
        var expired = await StoryAsync(author);
        var open = await StoryAsync(author);
        await _dm.Posts.BlockAsync(author, blocked);
        await _stories.ExecAsync("UPDATE stories SET expires_at = created_at - interval '1 day', created_at = created_at - interval '2 days' WHERE id = @expired",
            new { expired });

        await (await ReplyAsync(stranger, closeFriends)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(stranger, expired)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(blocked, open)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(author, open)).AssertValidationErrorAsync("id");
        await (await ReplyAsync(stranger, open, new { text = "  " })).AssertValidationErrorAsync("text");
        await (await ReplyAsync(stranger, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/stories/not-a-story/replies", stranger, new { text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _stories.ScalarAsync<long>("SELECT count(*) FROM messages WHERE message_type = 'story_reply' AND shared_story_id = ANY(@ids)",
            new { ids = new[] { closeFriends, expired, open } }));
    }

    [Fact]
    public async Task A_reply_waiting_for_its_thread_is_sent_after_a_message_that_got_in_first_and_is_unread()
    {
        // The reply took its time before waiting for the thread: a message the author sent meanwhile (here written by a
        // transaction holding the thread, as a send holds it) sorted after the reply, whose place lay behind the author's own
        // read mark — never unread for them, never pushed, and in vanish mode gone unseen.
        var (author, fan) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var story = await StoryAsync(author);
        var thread = await _dm.DirectAsync(fan, author);

        var db = await TestDatabase.GetAsync();
        await using var sending = await db.OpenConnectionAsync();
        await using var tx = await sending.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(sending, "SELECT 1 FROM conversations WHERE id = @thread FOR UPDATE", new { thread }, tx);
        var replying = ReplyAsync(fan, story, new { text = "love this!" });
        await TransactionRace.WaitUntilBlockedByAsync(db, sending.ProcessID, replying);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var at = app.Clock.GetUtcNow();
        var fromAuthor = Guid.CreateVersion7(at);
        await Dapper.SqlMapper.ExecuteAsync(sending, """
            INSERT INTO messages (id, conversation_id, sender_id, message_type, content, created_at)
            VALUES (@fromAuthor, @thread, @author, 'text', 'hey, new phone', @at);
            UPDATE conversations SET last_message_at = @at WHERE id = @thread;
            UPDATE conversation_participants SET status = 'accepted', read_through_at = @at, read_through_id = @fromAuthor, read_at = @at
             WHERE conversation_id = @thread AND user_id = @author
            """, new { fromAuthor, thread, author = author.Id, at }, tx);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await tx.CommitAsync();

        var reply = (await (await replying).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal([reply, fromAuthor], await _dm.MessageIdsAsync(author, thread));
        Assert.Equal(1, (await _dm.ThreadAsync(author, thread)).GetProperty("unreadCount").GetInt32());
    }
}
