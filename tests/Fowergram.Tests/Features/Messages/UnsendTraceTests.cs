using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Unsending removes a message for everyone, the thread's place in the inbox included: a thread is ordered and listed by its
/// newest message that is still there, not by one that was unsent (reliability checklist 15).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnsendTraceTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task Unsending_a_requests_only_message_takes_the_request_away_from_its_recipient()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var openedAt = (await _dm.ThreadAsync(a, id)).GetProperty("createdAt").GetDateTimeOffset();
        var hello = await _dm.SayAsync(a, id, "hello?");
        Assert.Equal([id], await _dm.FolderAsync(b, "requests"));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{hello}", a)).EnsureNoContentAsync();

        // The recipient is left with no trace that something was sent: an empty thread is listed only for whoever opened it.
        Assert.Empty(await _dm.FolderAsync(b, "requests"));
        Assert.Empty(await _dm.FolderAsync(b));
        Assert.Equal([id], await _dm.FolderAsync(a));
        Assert.Equal(openedAt, (await _dm.ThreadAsync(a, id)).GetProperty("lastActivityAt").GetDateTimeOffset());
        var badge = await _dm.GetJsonAsync("/api/v1/conversations/unread", b);
        Assert.Equal(0, badge.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task Unsending_the_newest_message_puts_the_thread_back_where_the_message_before_it_had_it()
    {
        var (a, b, id) = await _dm.FriendsAsync();
        var other = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(other, a);
        var elsewhere = await _dm.DirectAsync(a, other);
        var first = await SendAsync(a, id, "one");
        await _dm.SayAsync(other, elsewhere, "meanwhile");
        var second = await SendAsync(b, id, "two");
        Assert.Equal([id, elsewhere], await _dm.FolderAsync(a));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{second.Id}", b)).EnsureNoContentAsync();

        Assert.Equal([elsewhere, id], await _dm.FolderAsync(a));
        foreach (var reader in new[] { a, b })
            Assert.Equal(first.At, (await _dm.ThreadAsync(reader, id)).GetProperty("lastActivityAt").GetDateTimeOffset());

        // Unsending an older message leaves the newest where it was.
        var third = await SendAsync(b, id, "three");
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{first.Id}", a)).EnsureNoContentAsync();
        Assert.Equal(third.At, (await _dm.ThreadAsync(a, id)).GetProperty("lastActivityAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_unsend_of_the_newest_message_racing_a_send_leaves_the_thread_at_the_new_message()
    {
        var (a, b, id) = await _dm.FriendsAsync();
        await SendAsync(b, id, "first");
        for (var round = 0; round < 8; round++)
        {
            var newest = await SendAsync(a, id, $"oops {round}");
            var responses = await Task.WhenAll(
                _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{newest.Id}", a),
                _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", b, new { text = $"answer {round}" }));
            Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Created], responses.Select(r => r.StatusCode));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));

            // Setting the time back from a snapshot taken before the send committed would date the thread before its answer.
            Assert.True(await _dm.Posts.ScalarAsync<bool>("""
                SELECT c.last_message_at = (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = c.id)
                  FROM conversations c WHERE c.id = @id
                """, new { id }), $"round {round}");
        }
    }

    private async Task<(Guid Id, DateTimeOffset At)> SendAsync(TestUser sender, Guid conversationId, string text)
    {
        JsonElement sent = await _dm.SendMessageAsync(sender, conversationId, new { text });
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (sent.GetProperty("id").GetGuid(), sent.GetProperty("createdAt").GetDateTimeOffset());
    }
}
