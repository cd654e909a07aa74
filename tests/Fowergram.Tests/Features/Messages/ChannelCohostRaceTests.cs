using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// One account answering a co-host invitation from two devices at once: accepting against declining, and against joining
/// the channel. Each race is made deterministic by holding the invitation's row in a test transaction while both requests
/// reach it, then letting go.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelCohostRaceTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);

    private PostsClient Posts => _channels.Posts;

    private async Task<(TestUser Owner, TestUser Invitee, Guid Channel)> InvitedAsync()
    {
        var owner = await Posts.NewUserAsync();
        var invitee = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{invitee.Username}", owner)).EnsureNoContentAsync();
        return (owner, invitee, channel);
    }

    /// <summary>Holds the invitation's row (as an answer to it would) until the returned transaction ends.</summary>
    private static async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx)> HoldInvitationAsync(NpgsqlDataSource db, Guid channel, TestUser invitee)
    {
        var conn = await db.OpenConnectionAsync();
        var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SELECT 1 FROM broadcast_channel_hosts WHERE channel_id = @channel AND user_id = @id FOR UPDATE",
            new { channel, id = invitee.Id }, tx);
        return (conn, tx);
    }

    private Task<long> RowsAsync(string table, Guid channel, TestUser user) =>
        Posts.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE channel_id = @channel AND user_id = @id", new { channel, id = user.Id });

    /// <summary>
    /// The decline reaches the invitation first and takes it; the accept waiting behind it finds it gone. Before, the accept
    /// answered 200 with the channel (no role in it) while the account was no co-host: now it is a 404, as for any
    /// invitation that is not there.
    /// </summary>
    [Fact]
    public async Task An_accept_that_loses_to_a_decline_of_the_same_invitation_is_a_404()
    {
        var (_, invitee, channel) = await InvitedAsync();
        var db = await TestDatabase.GetAsync();
        var (holding, tx) = await HoldInvitationAsync(db, channel, invitee);
        await using (holding)
        {
            var decline = Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/decline", invitee);
            var declinePid = await TransactionRace.BlockedByAsync(db, holding.ProcessID, decline);
            Assert.NotNull(declinePid);
            var accept = Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", invitee);
            await TransactionRace.WaitInLineAsync(db, accept, holding.ProcessID, declinePid.Value);
            await tx.CommitAsync();

            await (await decline).EnsureNoContentAsync();
            await (await accept).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0L, await RowsAsync("broadcast_channel_hosts", channel, invitee));
        var seen = await (await Posts.GetAsync($"/api/v1/channels/{channel}", invitee)).ReadJsonAsync();
        Assert.False(seen.TryGetProperty("role", out _));
    }

    /// <summary>
    /// A join from the other device while the accept is under way: hosts are not members, so whichever comes second gives
    /// way — here the join, which waits for the accept and is then a 409 as for any host. Before, both went through and
    /// left the account a co-host and a member at once (pushed its own channel's posts, counted among its members).
    /// </summary>
    [Fact]
    public async Task A_join_racing_the_accept_of_a_cohost_invitation_never_leaves_a_cohost_who_is_also_a_member()
    {
        var (_, invitee, channel) = await InvitedAsync();
        var db = await TestDatabase.GetAsync();
        var (holding, tx) = await HoldInvitationAsync(db, channel, invitee);
        await using (holding)
        {
            var accept = Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", invitee);
            var acceptPid = await TransactionRace.BlockedByAsync(db, holding.ProcessID, accept);
            Assert.NotNull(acceptPid);
            var join = _channels.JoinAsync(invitee, channel);
            await TransactionRace.WaitInLineAsync(db, join, holding.ProcessID, acceptPid.Value); // it waits for the accept now; it went ahead before
            await tx.CommitAsync();

            Assert.Equal("cohost", (await (await accept).ReadJsonAsync()).GetProperty("role").GetString());
            await (await join).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        Assert.Equal(0L, await RowsAsync("broadcast_channel_members", channel, invitee));
        Assert.Equal(1L, await Posts.ScalarAsync<long>(
            "SELECT count(*) FROM broadcast_channel_hosts WHERE channel_id = @channel AND user_id = @id AND accepted_at IS NOT NULL",
            new { channel, id = invitee.Id }));
    }

    /// <summary>The other order: a join that committed first gives way to the accept, which takes the member row as it always did.</summary>
    [Fact]
    public async Task Joining_then_accepting_leaves_a_cohost_and_no_member_row()
    {
        var (_, invitee, channel) = await InvitedAsync();
        await (await _channels.JoinAsync(invitee, channel)).EnsureNoContentAsync();
        Assert.Equal("cohost", (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", invitee))
            .ReadJsonAsync()).GetProperty("role").GetString());
        Assert.Equal(0L, await RowsAsync("broadcast_channel_members", channel, invitee));
    }
}
