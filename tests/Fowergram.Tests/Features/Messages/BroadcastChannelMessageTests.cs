using System.Net;
using System.Text.Json;
using Fowergram.Features.Messages;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Edits and replies of broadcast channel messages, and what the export and the purge make of them (docs/messages.md "Broadcast channels").</summary>
[Collection(ApiCollection.Name)]
public sealed class BroadcastChannelMessageTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _channels.Posts;

    private Task<HttpResponseMessage> EditAsync(TestUser who, Guid channel, Guid message, object body) =>
        Posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}/messages/{message}", who, body);

    private Task<string?> StoredTextAsync(Guid message) =>
        Posts.ScalarAsync<string?>("SELECT content FROM broadcast_channel_messages WHERE id = @message", new { message });

    [Fact]
    public async Task The_sender_edits_a_text_for_fifteen_minutes_and_readers_see_it_marked_edited()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var message = await _channels.PostAsync(owner, channel, new { text = "Drop at 10" });
        var byCohost = await _channels.PostAsync(cohost, channel, new { text = "from the co-host" });

        var edited = await (await EditAsync(owner, channel, message, new { text = "  Drop at 11  " })).ReadJsonAsync();
        Assert.Equal("Drop at 11", edited.GetProperty("text").GetString());
        Assert.True(edited.GetProperty("isEdited").GetBoolean());
        Assert.Equal(app.Clock.GetUtcNow(), edited.GetProperty("editedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        var read = (await _channels.MessagesAsync(member, channel)).Single(m => m.GetProperty("id").GetGuid() == message);
        Assert.Equal(("Drop at 11", true), (read.GetProperty("text").GetString(), read.GetProperty("isEdited").GetBoolean()));
        Assert.False((await _channels.MessagesAsync(member, channel)).Single(m => m.GetProperty("id").GetGuid() == byCohost)
            .TryGetProperty("editedAt", out _));

        // The sender's alone: not the owner's for a co-host's message, never a member's.
        await (await EditAsync(owner, channel, byCohost, new { text = "owner's words" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await EditAsync(member, channel, message, new { text = "member's words" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await EditAsync(cohost, channel, byCohost, new { text = "co-host, edited" })).ReadJsonAsync();

        // Posted just over the window ago (the clock itself is not moved: the callers' access tokens would expire first).
        await Posts.ExecuteAsync("UPDATE broadcast_channel_messages SET created_at = created_at - @window - interval '1 second' WHERE id = @message",
            new { message, window = ConversationRules.EditWindow });
        await (await EditAsync(owner, channel, message, new { text = "too late" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Drop at 11", await StoredTextAsync(message));
    }

    [Fact]
    public async Task An_unchanged_text_is_no_edit_and_bad_input_is_a_problem_that_changes_nothing()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var message = await _channels.PostAsync(owner, channel, new { text = "same" });

        var same = await (await EditAsync(owner, channel, message, new { text = "same" })).ReadJsonAsync();
        Assert.False(same.GetProperty("isEdited").GetBoolean());
        await (await EditAsync(owner, channel, message, new { })).AssertValidationErrorAsync("text");
        await (await EditAsync(owner, channel, message, new { text = "   " })).AssertValidationErrorAsync("text");
        await (await EditAsync(owner, channel, message, new { text = new string('x', 1001) })).AssertValidationErrorAsync("text");
        await (await Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}/messages/{message}", owner, """{"text":7}"""))
            .AssertValidationErrorAsync("text");
        await (await EditAsync(owner, channel, Guid.CreateVersion7(), new { text = "nothing there" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}/messages/not-an-id", owner, new { text = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("same", await StoredTextAsync(message));
        Assert.Null(await Posts.ScalarAsync<DateTime?>("SELECT edited_at FROM broadcast_channel_messages WHERE id = @message", new { message }));
    }

    [Fact]
    public async Task Polls_and_media_without_text_are_never_edited_a_caption_is_and_an_ended_channel_takes_no_edit()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var poll = await _channels.PostAsync(owner, channel, new { poll = new { question = "Which?", options = new[] { "a", "b" } } });
        var photo = await _channels.PostAsync(owner, channel, new { uploadId = (await Posts.UploadAsync(owner, purpose: "message")).UploadId });
        var captioned = await _channels.PostAsync(owner, channel, new { text = "look", uploadId = (await Posts.UploadAsync(owner, purpose: "message")).UploadId });

        await (await EditAsync(owner, channel, poll, new { text = "Which one?" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await EditAsync(owner, channel, photo, new { text = "a caption after the fact" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var caption = await (await EditAsync(owner, channel, captioned, new { text = "look at this" })).ReadJsonAsync();
        Assert.Equal("image", caption.GetProperty("media").GetProperty("type").GetString());
        Assert.Equal("Which?", await Posts.ScalarAsync<string>("SELECT poll_question FROM broadcast_channel_messages WHERE id = @poll", new { poll }));
        Assert.Null(await StoredTextAsync(photo));

        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();
        await (await EditAsync(owner, channel, captioned, new { text = "after the end" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("look at this", await StoredTextAsync(captioned));
    }

    [Fact]
    public async Task A_reply_quotes_an_earlier_message_briefly_and_shows_it_unavailable_once_deleted()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var longText = new string('a', 98) + "🔥🔥🔥 and more";
        var quoted = await _channels.PostAsync(cohost, channel, new { text = longText });
        var poll = await _channels.PostAsync(owner, channel, new { poll = new { question = "Shoes or hats?", options = new[] { "Shoes", "Hats" } } });
        var reply = await _channels.PostAsync(owner, channel, new { text = "exactly", replyToId = quoted });
        var toPoll = await _channels.PostAsync(cohost, channel, new { text = "vote!", replyToId = poll });

        var items = await _channels.MessagesAsync(member, channel);
        var quote = items.Single(m => m.GetProperty("id").GetGuid() == reply).GetProperty("replyTo");
        Assert.Equal(quoted, quote.GetProperty("id").GetGuid());
        Assert.Equal(cohost.Username, quote.GetProperty("sender").GetProperty("username").GetString());
        Assert.Equal("text", quote.GetProperty("type").GetString());
        Assert.Equal(new string('a', 98) + "🔥…", quote.GetProperty("text").GetString()); // cut by characters, never inside one
        Assert.False(quote.TryGetProperty("unavailable", out _));
        var pollQuote = items.Single(m => m.GetProperty("id").GetGuid() == toPoll).GetProperty("replyTo");
        Assert.Equal(("poll", "Shoes or hats?"), (pollQuote.GetProperty("type").GetString(), pollQuote.GetProperty("text").GetString()));
        Assert.False(items.Single(m => m.GetProperty("id").GetGuid() == quoted).TryGetProperty("replyTo", out _));

        // A reader who blocks the quoted message's sender sees that something was quoted, not what.
        await Posts.BlockAsync(member, cohost);
        var hidden = (await _channels.MessagesAsync(member, channel)).Single(m => m.GetProperty("id").GetGuid() == reply).GetProperty("replyTo");
        Assert.True(hidden.GetProperty("unavailable").GetBoolean());
        Assert.False(hidden.TryGetProperty("id", out _));

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{quoted}", owner)).EnsureNoContentAsync();
        var gone = (await _channels.MessagesAsync(owner, channel)).Single(m => m.GetProperty("id").GetGuid() == reply);
        Assert.Equal("exactly", gone.GetProperty("text").GetString());
        Assert.True(gone.GetProperty("replyTo").GetProperty("unavailable").GetBoolean());
        Assert.False(gone.GetProperty("replyTo").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task A_reply_to_another_channels_message_an_unknown_one_or_as_a_poll_is_refused_and_stores_nothing()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var elsewhere = await _channels.CreateAsync(owner, "Elsewhere");
        var foreign = await _channels.PostAsync(owner, elsewhere, new { text = "in the other channel" });
        var here = await _channels.PostAsync(owner, channel, new { text = "here" });
        var url = $"/api/v1/channels/{channel}/messages";

        await (await Posts.SendAsync(HttpMethod.Post, url, owner, new { text = "re", replyToId = foreign })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Post, url, owner, new { text = "re", replyToId = Guid.CreateVersion7() }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Post, url, owner, new { replyToId = here, poll = new { question = "Q?", options = new[] { "a", "b" } } }))
            .AssertValidationErrorAsync("poll");
        await (await Posts.SendRawAsync(HttpMethod.Post, url, owner, """{"text":"re","replyToId":"nope"}""")).AssertValidationErrorAsync("replyToId");
        await (await Posts.SendAsync(HttpMethod.Post, url, owner, new { replyToId = here })).AssertValidationErrorAsync("text");
        Assert.Equal(1L, await _channels.MessageRowsAsync(channel));
    }

    [Fact]
    public async Task A_reply_racing_the_deletion_of_its_message_answers_201_or_404_never_a_500()
    {
        // Unlocked, the reply's foreign key check would fail on the message a concurrent delete had just removed (a 500).
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        for (var round = 0; round < 20; round++)
        {
            var message = await _channels.PostAsync(owner, channel, new { text = $"round {round}" });
            var reply = Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", cohost, new { text = "re", replyToId = message });
            var delete = Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{message}", owner);
            var (replied, deleted) = (await reply, await delete);
            await deleted.EnsureNoContentAsync();
            if (replied.StatusCode != HttpStatusCode.Created)
            {
                await replied.AssertProblemAsync(HttpStatusCode.NotFound);
                continue;
            }
            var id = (await replied.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            var stored = (await _channels.MessagesAsync(owner, channel)).Single(m => m.GetProperty("id").GetGuid() == id);
            Assert.True(stored.GetProperty("replyTo").GetProperty("unavailable").GetBoolean());
        }
    }

    [Fact]
    public async Task The_export_carries_edits_replies_and_pins_and_purging_a_quoted_cohost_leaves_the_reply_unavailable()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var quoted = await _channels.PostAsync(cohost, channel, new { text = "co-host's news" });
        var reply = await _channels.PostAsync(owner, channel, new { text = "quoting", replyToId = quoted });
        await (await EditAsync(owner, channel, reply, new { text = "quoting, edited" })).ReadJsonAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{quoted}/pin", owner)).EnsureNoContentAsync();

        var exported = (await (await Posts.GetAsync("/api/v1/users/me/export", owner)).ReadJsonAsync()).GetProperty("broadcastChannels")
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == channel).GetProperty("messages")[0];
        Assert.Equal(("quoting, edited", quoted, true), (exported.GetProperty("text").GetString(), exported.GetProperty("replyToId").GetGuid(),
            exported.GetProperty("isReply").GetBoolean()));
        Assert.Equal(JsonValueKind.String, exported.GetProperty("editedAt").ValueKind);
        var cohostsMessage = (await (await Posts.GetAsync("/api/v1/users/me/export", cohost)).ReadJsonAsync()).GetProperty("broadcastChannels")
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == channel).GetProperty("messages")[0];
        Assert.Equal(JsonValueKind.String, cohostsMessage.GetProperty("pinnedAt").ValueKind);

        await using (var conn = await Posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "broadcast channels");
            while (await step.PurgeAsync(conn, tx, cohost.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        var left = Assert.Single(await _channels.MessagesAsync(member, channel));
        Assert.Equal(reply, left.GetProperty("id").GetGuid());
        Assert.True(left.GetProperty("replyTo").GetProperty("unavailable").GetBoolean());
        await (await Posts.GetAsync($"/api/v1/channels/{channel}/pins", member)).ReadJsonAsync(); // the pin went with its message
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_messages WHERE channel_id = @channel AND pinned_at IS NOT NULL",
            new { channel }));
    }

    [Fact]
    public async Task A_post_that_waited_is_never_behind_a_later_one_a_member_has_read_past()
    {
        // Hosts posted side by side, each stamped with the time it reached its insert: the co-host's post (held here at its
        // insert) committed after the owner's later one, which a member had meanwhile read up to, so it sat behind the
        // member's read marker — never unread, never pushed. Posts of one channel now take turns, stamped once it is theirs.
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // past the member's joining, which counts as read

        var db = await TestDatabase.GetAsync();
        await using var holding = await db.OpenConnectionAsync();
        await using var tx = await holding.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holding, "SELECT 1 FROM users WHERE id = @id FOR UPDATE", new { id = cohost.Id }, tx);
        var fromCohost = _channels.Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", cohost, new { text = "first, held" });
        var cohostPid = await TransactionRace.BlockedByAsync(db, holding.ProcessID, fromCohost);
        Assert.NotNull(cohostPid);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var fromOwner = _channels.Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner, new { text = "second" });
        await TransactionRace.BlockedByAsync(db, cohostPid.Value, fromOwner); // it waits its turn now; it went ahead before
        await (await _channels.Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/read", member)).EnsureNoContentAsync();
        await tx.CommitAsync();
        await (await fromCohost).ReadJsonAsync(HttpStatusCode.Created);
        await (await fromOwner).ReadJsonAsync(HttpStatusCode.Created);

        var seen = await (await _channels.Posts.GetAsync($"/api/v1/channels/{channel}", member)).ReadJsonAsync();
        Assert.Equal(2, seen.GetProperty("unreadCount").GetInt32());
        Assert.Equal(["second", "first, held"], (await _channels.MessagesAsync(member, channel)).Select(m => m.GetProperty("text").GetString()));
    }
}
