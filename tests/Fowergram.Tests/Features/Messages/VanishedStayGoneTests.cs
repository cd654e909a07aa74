using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A message read in vanish mode by someone who then deleted the chat has vanished: deleting the chat is leaving it
/// (docs/messages.md "Vanish mode"). Its reader coming back — the other side writing again, or the reader opening the chat again —
/// starts them afresh, read mark cleared; before 2026-12-07 that cleared mark no longer passed the message, so it came back to
/// its sender's screen (and search), even one that had vanished already, and stayed until the reader read past it again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VanishedStayGoneTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    /// <summary>A vanishing message from a that b read and then left (b's mark still since longer than Messages:VanishAfterRead).</summary>
    private async Task<(TestUser A, TestUser B, Guid Thread, Guid Vanished)> VanishedAsync(bool stillForAMinute = true)
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/vanish-mode", a)).EnsureNoContentAsync();
        var vanished = await _dm.SayAsync(a, thread, "see you never");
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", b, new { messageId = vanished })).EnsureNoContentAsync();
        if (stillForAMinute)
        {
            await _dm.Posts.ExecuteAsync(
                "UPDATE conversation_participants SET read_at = read_at - interval '2 minutes' WHERE conversation_id = @thread AND user_id = @id",
                new { thread, id = b.Id });
            Assert.DoesNotContain(vanished, await _dm.MessageIdsAsync(a, thread));
        }
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", b)).EnsureNoContentAsync();
        return (a, b, thread, vanished);
    }

    private async Task AssertGoneAsync(TestUser sender, Guid thread, Guid vanished)
    {
        Assert.DoesNotContain(vanished, await _dm.MessageIdsAsync(sender, thread));
        await (await _dm.SendAsync(HttpMethod.Get, $"/api/v1/messages/{vanished}", sender)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.False(await _dm.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM messages WHERE id = @vanished)", new { vanished }));
    }

    [Fact]
    public async Task A_vanished_message_stays_gone_when_its_sender_writes_again_to_a_chat_its_reader_deleted()
    {
        var (a, b, thread, vanished) = await VanishedAsync();

        var next = await _dm.SayAsync(a, thread, "still there?");

        await AssertGoneAsync(a, thread, vanished);
        Assert.Equal([next], await _dm.MessageIdsAsync(a, thread));
        Assert.Equal([next], await _dm.MessageIdsAsync(b, thread));
    }

    [Fact]
    public async Task A_vanished_message_stays_gone_when_its_reader_opens_the_deleted_chat_again()
    {
        var (a, b, thread, vanished) = await VanishedAsync();

        Assert.Equal(thread, await _dm.DirectAsync(b, a));

        await AssertGoneAsync(a, thread, vanished);
    }

    [Fact]
    public async Task A_message_read_just_before_its_reader_deleted_the_chat_is_gone_when_the_reader_comes_back()
    {
        var (a, _, thread, vanished) = await VanishedAsync(stillForAMinute: false);

        await _dm.SayAsync(a, thread, "hello?");

        await AssertGoneAsync(a, thread, vanished);
    }
}
