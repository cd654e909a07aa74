using System.Net;
using Fowergram.Features.Messages;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Sending, reading, editing and unsending messages; photos, voice messages, shared posts and stories, replies.</summary>
[Collection(ApiCollection.Name)]
public sealed class MessageTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task Messages_read_newest_first_with_replies_quoting_their_message()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var question = await _dm.SayAsync(a, id, "  coffee at 10?  ");
        var answer = (await _dm.SendMessageAsync(b, id, new { text = "yes", replyToId = question })).GetProperty("id").GetGuid();

        var page = await _dm.GetJsonAsync($"/api/v1/conversations/{id}/messages", b);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([answer, question], items.Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal("coffee at 10?", items[1].GetProperty("text").GetString());
        Assert.Equal((question, "coffee at 10?"), (items[0].GetProperty("replyTo").GetProperty("id").GetGuid(),
            items[0].GetProperty("replyTo").GetProperty("text").GetString()));
        Assert.Equal((b.Id, "text"), (items[0].GetProperty("sender").GetProperty("id").GetGuid(), items[0].GetProperty("type").GetString()));
        var single = await _dm.GetJsonAsync($"/api/v1/messages/{answer}", a);
        Assert.Equal("yes", single.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_photo_is_sent_from_a_message_upload_once_and_its_url_serves_the_bytes_to_participants()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var bytes = MediaSamples.Jpeg();
        var slot = await _dm.Posts.UploadAsync(a, bytes, purpose: "message");

        var sent = await _dm.SendMessageAsync(a, id, new { uploadId = slot.UploadId });
        var seen = await _dm.GetJsonAsync($"/api/v1/messages/{sent.GetProperty("id").GetGuid()}", b);
        var read = await app.Client.GetAsync(seen.GetProperty("media").GetProperty("url").GetString());

        Assert.Equal(("image", "image"), (seen.GetProperty("type").GetString(), seen.GetProperty("media").GetProperty("type").GetString()));
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { uploadId = slot.UploadId }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var postUpload = await _dm.Posts.UploadAsync(a);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { uploadId = postUpload.UploadId }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var othersUpload = await _dm.Posts.UploadAsync(b, purpose: "message");
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { uploadId = othersUpload.UploadId }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_voice_message_is_sent_from_an_m4a_of_a_minute_at_most_and_served_as_audio()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var bytes = MediaSamples.M4a(durationSeconds: 14);
        var slot = await _dm.Posts.UploadAsync(a, bytes, "audio/mp4", purpose: "message");

        var sent = await _dm.SendMessageAsync(a, id, new { uploadId = slot.UploadId });
        var heard = await _dm.GetJsonAsync($"/api/v1/messages/{sent.GetProperty("id").GetGuid()}", b);
        var read = await app.Client.GetAsync(heard.GetProperty("media").GetProperty("url").GetString());

        Assert.Equal(("audio", "audio"), (heard.GetProperty("type").GetString(), heard.GetProperty("media").GetProperty("type").GetString()));
        Assert.Equal("audio/mp4", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());

        var tooLong = await _dm.Posts.UploadAsync(a, MediaSamples.M4a(durationSeconds: ConversationRules.MaxVoiceSeconds + 5), "audio/mp4", purpose: "message");
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { uploadId = tooLong.UploadId }))
            .AssertValidationErrorAsync("uploadId");
        Assert.Equal("pending", await _dm.Posts.ScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id = tooLong.UploadId }));
        // A video posing as a voice message, and audio for a post, are refused.
        var posing = await _dm.Posts.UploadAsync(a, MediaSamples.Mp4(), "audio/mp4", purpose: "message");
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { uploadId = posing.UploadId }))
            .AssertProblemAsync(HttpStatusCode.Conflict); // rejected at claim: "an audio file has a video track"
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/media/uploads", a, new { purpose = "post", contentType = "audio/mp4", size = 4096 }))
            .AssertValidationErrorAsync("contentType");
    }

    [Fact]
    public async Task The_sender_edits_a_text_within_fifteen_minutes_and_nobody_else_can()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var message = await _dm.SayAsync(a, id, "see you at 8");

        var edited = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", a, new { text = "see you at 9" })).ReadJsonAsync();
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", b, new { text = "hijacked" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await _dm.Posts.ExecuteAsync("""
            UPDATE conversation_participants SET joined_at = joined_at - interval '1 hour' WHERE conversation_id = @id;
            UPDATE messages SET created_at = created_at - interval '16 minutes' WHERE id = @message
            """, new { id, message });
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", a, new { text = "too late" })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(("see you at 9", true), (edited.GetProperty("text").GetString(), edited.GetProperty("isEdited").GetBoolean()));
        Assert.Equal("see you at 9", (await _dm.GetJsonAsync($"/api/v1/messages/{message}", b)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unsending_removes_a_message_for_everyone_and_releases_its_photo()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var slot = await _dm.Posts.UploadAsync(a, purpose: "message");
        var photo = (await _dm.SendMessageAsync(a, id, new { uploadId = slot.UploadId })).GetProperty("id").GetGuid();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{photo}", b)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{photo}", a)).EnsureNoContentAsync();

        await (await _dm.Posts.GetAsync($"/api/v1/messages/{photo}", b)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _dm.MessageIdsAsync(b, id));
        Assert.True(await _dm.Posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @id", new { id = slot.UploadId }));
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{photo}", a)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_shared_post_shows_only_while_the_reader_may_see_it()
    {
        var author = await _dm.NewUserAsync();
        var sharer = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var post = await _dm.Posts.PostIdAsync(author);
        var id = await _dm.DirectAsync(sharer, reader);
        var shared = (await _dm.SendMessageAsync(sharer, id, new { sharedPostId = post, text = "look" })).GetProperty("id").GetGuid();

        Assert.Equal(post, (await _dm.GetJsonAsync($"/api/v1/messages/{shared}", reader)).GetProperty("sharedPost").GetProperty("id").GetGuid());
        await _dm.Posts.FollowAsync(sharer, author);
        await _dm.Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });

        var hidden = await _dm.GetJsonAsync($"/api/v1/messages/{shared}", reader);
        Assert.Equal(("post_share", "look"), (hidden.GetProperty("type").GetString(), hidden.GetProperty("text").GetString()));
        Assert.False(hidden.TryGetProperty("sharedPost", out _)); // absent, as every null member of the API
        Assert.Equal(post, (await _dm.GetJsonAsync($"/api/v1/messages/{shared}", sharer)).GetProperty("sharedPost").GetProperty("id").GetGuid());
        var stranger = await _dm.NewUserAsync(isPrivate: true);
        var unseen = await _dm.Posts.PostIdAsync(stranger);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", sharer, new { sharedPostId = unseen }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_story_reply_shows_the_story_only_to_readers_in_its_audience()
    {
        var author = await _dm.NewUserAsync();
        var friend = await _dm.NewUserAsync();
        var outsider = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(friend, author);
        var upload = await _dm.Posts.UploadAsync(author, purpose: "story");
        var story = (await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload.UploadId, audience = "followers" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var reply = await _dm.DirectAsync(friend, author);
        var group = await _dm.GroupAsync(friend, "pals", author, outsider);

        var sent = await _dm.SendMessageAsync(friend, reply, new { sharedStoryId = story, text = "😍" });
        var forwarded = (await _dm.SendMessageAsync(friend, group, new { sharedStoryId = story })).GetProperty("id").GetGuid();

        Assert.Equal(story, sent.GetProperty("sharedStory").GetProperty("id").GetGuid());
        Assert.NotNull((await _dm.GetJsonAsync($"/api/v1/messages/{forwarded}", author)).GetProperty("sharedStory").GetProperty("url").GetString());
        Assert.False((await _dm.GetJsonAsync($"/api/v1/messages/{forwarded}", outsider)).TryGetProperty("sharedStory", out _));
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/messages", outsider, new { sharedStoryId = story }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reply_racing_the_unsending_of_its_message_answers_201_or_404_never_a_500()
    {
        // Unlocked, the reply's foreign key check failed on the message a concurrent unsend had just deleted (a 500).
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var conversation = await _dm.DirectAsync(a, b);
        for (var round = 0; round < 30; round++)
        {
            var message = await _dm.SayAsync(a, conversation, $"round {round}");
            var reply = _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", b, new { text = "re", replyToId = message });
            var unsend = _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", a);
            var (replied, unsent) = (await reply, await unsend);
            Assert.Equal(HttpStatusCode.NoContent, unsent.StatusCode);
            if (replied.StatusCode != HttpStatusCode.Created) await replied.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Sends_leaves_edits_and_reads_of_one_thread_at_once_never_deadlock_into_a_500()
    {
        // A send, a leave, an edit of the thread's flags and a read at once, in a one-to-one thread: the send updated the
        // thread and then participant rows, a leave locked the thread for update after the send's insert had key-share
        // locked it, and they deadlocked. Every write of a thread now takes the thread first.
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var thread = await _dm.DirectAsync(a, b);
        for (var round = 0; round < 30; round++)
        {
            var answers = await Task.WhenAll(
                _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = $"a {round}" }),
                _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = $"again {round}" }),
                _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", b, new { text = $"b {round}" }),
                _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/{b.Id}", b),
                _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", a, new { isMuted = round % 2 == 0 }),
                _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", b, new { isArchived = round % 2 == 0 }),
                _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", a),
                _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/accept", b));
            foreach (var answer in answers)
                Assert.True((int)answer.StatusCode < 500, $"{answer.RequestMessage!.Method} {answer.RequestMessage.RequestUri} → {(int)answer.StatusCode}: " +
                                                          await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(60, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread AND sender_id = @a",
            new { thread, a = a.Id }));
    }

    [Fact]
    public async Task An_edit_racing_a_takedown_of_its_message_is_a_409_and_writes_nothing_onto_the_tombstone()
    {
        // The edit checked the message outside a transaction and then updated it by id: a takedown committing in between
        // left the sender's new words (and isEdited) on the tombstone, shown to every reader, and a reversed appeal then
        // put the old words back over them.
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(a, b);
        var message = await _dm.SayAsync(a, thread, "first words");

        var db = await TestDatabase.GetAsync();
        await using var moderating = await db.OpenConnectionAsync();
        await using var tx = await moderating.BeginTransactionAsync();
        Assert.Equal(Fowergram.Platform.Moderation.Takedown.Removed,
            await new MessageTakedown(app.Clock).TakeDownAsync(moderating, tx, "message", message, app.Clock.GetUtcNow(), default));
        var editing = _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", a, new { text = "second words" });
        await TransactionRace.WaitUntilBlockedByAsync(db, moderating.ProcessID, editing);
        await tx.CommitAsync();

        await (await editing).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("removed|-|false", await _dm.Posts.ScalarAsync<string>(
            "SELECT message_type || '|' || coalesce(content, '-') || '|' || is_edited FROM messages WHERE id = @message", new { message }));
        var shown = (await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages", b)).GetProperty("items")[0];
        Assert.False(shown.TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Limits_count_characters_as_the_tables_do_so_an_emoji_counts_once()
    {
        // The limits counted UTF-16 units: each emoji counted twice, so 1,001 emoji (1,001 characters; the table's CHECK
        // counts code points) were refused as "at most 2000 characters".
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(a, b);
        var emoji = string.Concat(Enumerable.Repeat("😀", ConversationRules.MaxTextLength));
        Assert.Equal(emoji, (await _dm.SendMessageAsync(a, thread, new { text = emoji })).GetProperty("text").GetString());
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = emoji + "😀" }))
            .AssertValidationErrorAsync("text");
        var name = string.Concat(Enumerable.Repeat("🌷", ConversationRules.MaxNameLength));
        Assert.Equal(name, (await _dm.OpenAsync(a, new { userIds = new[] { b.Id }, name })).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Weekend\nplans")]
    [InlineData("Tab\there")]
    [InlineData("Bell\u0007")]
    [InlineData("Line\u2028break")]
    public async Task A_group_name_is_one_line_without_control_characters(string name)
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", a, new { userIds = new[] { b.Id, c.Id }, name }))
            .AssertValidationErrorAsync("name");
        var group = (await _dm.OpenAsync(a, new { userIds = new[] { b.Id, c.Id }, name = "Plans" })).GetProperty("id").GetGuid();
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{group}", a, new { name })).AssertValidationErrorAsync("name");
        Assert.Equal("Plans", (await _dm.GetJsonAsync($"/api/v1/conversations/{group}", a)).GetProperty("name").GetString());
    }
}
