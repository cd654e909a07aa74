using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A reader's reaction (or vote) is answered with the message read back in its transaction, as the reader may see it. The
/// sender blocking the reader meanwhile (committed while the reaction waits for the reader's earlier reaction row, held here)
/// hid the message from that read: the route answered 200 with a null body, the reaction kept, where a moment later it is a 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelReactionBlockRaceTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);

    [Fact]
    public async Task A_reaction_racing_the_senders_block_of_the_reader_is_a_404_and_keeps_nothing()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var message = await _channels.PostAsync(owner, channel, new { text = "react!" });
        var url = $"/api/v1/channels/{channel}/messages/{message}/reaction";
        await (await _channels.Posts.SendAsync(HttpMethod.Put, url, member, new { emoji = "🔥" })).ReadJsonAsync();

        await using var holder = await _channels.Posts.Db.OpenConnectionAsync();
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync("SELECT 1 FROM broadcast_channel_reactions WHERE message_id = @message AND user_id = @member FOR UPDATE",
                new { message, member = member.Id }, tx);
            var react = _channels.Posts.SendAsync(HttpMethod.Put, url, member, new { emoji = "😂" });
            await TransactionRace.WaitUntilBlockedByAsync(_channels.Posts.Db, holder.ProcessID, react);
            await _channels.Posts.BlockAsync(owner, member); // commits while the reaction waits, past its checks
            await tx.CommitAsync();
            await (await react).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal("🔥", await _channels.Posts.ScalarAsync<string>(
            "SELECT emoji FROM broadcast_channel_reactions WHERE message_id = @message AND user_id = @member", new { message, member = member.Id }));
    }
}
