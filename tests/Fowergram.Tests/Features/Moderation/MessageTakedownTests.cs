using System.Net;
using System.Net.Http.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>A message taken down by a moderator stays in its thread as a tombstone (migration 0132); an unsend still deletes.</summary>
[Collection(ApiCollection.Name)]
public sealed class MessageTakedownTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private async Task<HttpResponseMessage> ReportAndRemoveAsync(TestUser reporter, TestUser moderator, Guid message)
    {
        var report = await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "message", targetId = message, reason = "spam" });
        Assert.True(report.IsSuccessStatusCode, $"{(int)report.StatusCode}");
        var id = (await report.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        return await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{id}/resolve", moderator, new { outcome = "actioned", remove = true });
    }

    [Fact]
    public async Task A_removed_message_reads_as_removed_where_it_stood_and_takes_no_reactions_edits_or_second_takedown()
    {
        var moderator = await Posts.ModeratorAsync();
        var (spammer, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(spammer, reader);
        var spam = await _dm.SayAsync(spammer, thread, "buy followers at example.com");
        var reply = (await _dm.SendMessageAsync(reader, thread, new { text = "no thanks", replyToId = spam })).GetProperty("id").GetGuid();
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{spam}/reaction", reader, new { emoji = "😡" })).EnsureSuccessStatusCode();

        (await ReportAndRemoveAsync(reader, moderator, spam)).EnsureSuccessStatusCode();

        foreach (var who in new[] { spammer, reader })
        {
            var items = (await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages", who)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([reply, spam], items.Select(m => m.GetProperty("id").GetGuid()));
            var tombstone = items[1];
            Assert.Equal("removed", tombstone.GetProperty("type").GetString());
            Assert.False(tombstone.TryGetProperty("text", out _));
            Assert.Empty(tombstone.GetProperty("reactions").EnumerateArray());
            Assert.Equal("removed", items[0].GetProperty("replyTo").GetProperty("type").GetString());
            Assert.False(items[0].GetProperty("replyTo").TryGetProperty("text", out _));
        }
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{spam}/reaction", reader, new { emoji = "👍" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{spam}", spammer, new { text = "sorry" })).AssertProblemAsync(HttpStatusCode.Conflict);
        // Down already: reporting it again is the 404 of a deleted post, so no report stays open about nothing left to remove.
        foreach (var participant in new[] { spammer, reader })
            await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", participant, new { targetType = "message", targetId = spam, reason = "spam" }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE target_id = @spam AND status = 'open'", new { spam }));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @spam", new { spam }));
        // The sender may still unsend the tombstone; then the row goes, as any unsend takes it.
        Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{spam}", spammer)).StatusCode);
        Assert.Equal([reply], await _dm.MessageIdsAsync(reader, thread));
    }
}
