using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Jobs;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Broadcast channel messages pushed to the members (docs/messages.md "Push notifications"): fanned out in batches of
/// members (two here), each member pushed once with the channel's name, and nothing for the sender, a muted member, one
/// who turned channels off or read past it, a removed member or one who left. A channel's invitation notice is pushed as the
/// inbox shows it: not once a moderator removed the channel.
/// </summary>
public sealed class ChannelPushTests(PushHost push) : IClassFixture<PushHost>
{
    private FowergramApp App => push.App;
    private HttpClient Client => App.Client;

    private async Task<(TestAccount Account, TestBrowser Browser)> MemberAsync(Guid channel)
    {
        var (account, browser) = await push.SubscribedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync($"/api/v1/channels/{channel}/join", new { }, account.AccessToken)).StatusCode);
        return (account, browser);
    }

    private async Task<Guid> PostAsync(TestAccount host, Guid channel, object body)
    {
        App.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await Client.PostJsonAsync($"/api/v1/channels/{channel}/messages", body, host.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
    }

    private Task<long> CountAsync(string sql, object args) => push.ScalarAsync<long>(sql, args);

    [Fact]
    public async Task A_post_reaches_each_member_once_and_nobody_who_should_not_hear_of_it()
    {
        var owner = await Client.RegisterAsync();
        var ownerBrowser = new TestBrowser();
        await (await Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", ownerBrowser.Subscription(push.Service), owner.AccessToken)).ReadJsonAsync(HttpStatusCode.Created);
        var channel = (await (await Client.PostJsonAsync("/api/v1/channels", new { name = "Garden notes" }, owner.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var members = new List<(TestAccount Account, TestBrowser Browser)>();
        for (var i = 0; i < 7; i++) members.Add(await MemberAsync(channel));
        var (muted, off, reader, removed, left) = (members[2], members[3], members[4], members[5], members[6]);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/mute", token: muted.Account.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", new { channels = "off" }, off.Account.AccessToken)).StatusCode);

        var message = await PostAsync(owner, channel, new { text = "The tulips are up." });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync($"/api/v1/channels/{channel}/read", new { }, reader.Account.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{removed.Account.Username}", token: owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync($"/api/v1/channels/{channel}/leave", new { }, left.Account.AccessToken)).StatusCode);
        await push.RunJobAsync();

        foreach (var (account, browser) in members.Take(2))
        {
            var pushed = Assert.Single(push.Read(browser));
            Assert.Equal("channel_message", pushed.GetProperty("type").GetString());
            Assert.Equal("Garden notes: The tulips are up.", pushed.GetProperty("text").GetString());
            Assert.Equal(message, pushed.GetProperty("id").GetGuid());
            Assert.Equal("broadcast_channel", pushed.GetProperty("entityType").GetString());
            Assert.Equal(channel, pushed.GetProperty("entityId").GetGuid());
            Assert.Equal(owner.Username, pushed.GetProperty("actor").GetString());
        }
        foreach (var (_, browser) in members.Skip(2).Append((owner, ownerBrowser))) Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM push_channel_fanouts WHERE message_id = @message", new { message }));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM push_channel_deliveries WHERE message_id = @message", new { message }));

        // A poll says what it asks.
        await PostAsync(owner, channel, new { poll = new { question = "Tulips or roses?", options = new[] { "Tulips", "Roses" } } });
        await push.RunJobAsync();
        Assert.Equal($"Garden notes: {owner.Username} started a poll: Tulips or roses?", push.Read(members[0].Browser)[1].GetProperty("text").GetString());

        // A burst between two runs is one push per browser, naming the newest.
        await PostAsync(owner, channel, new { text = "Roses next week." });
        await PostAsync(owner, channel, new { text = "And the lilies." });
        var newest = await PostAsync(owner, channel, new { text = "Photos tomorrow." });
        await push.RunJobAsync();
        var burst = Assert.Single(push.Read(members[1].Browser).Skip(2));
        Assert.Equal(("Garden notes: 3 new messages.", 3, newest), (burst.GetProperty("text").GetString(), burst.GetProperty("count").GetInt32(), burst.GetProperty("id").GetGuid()));
        members.ForEach(m => m.Browser.Dispose());
        ownerBrowser.Dispose();
    }

    [Fact]
    public async Task Posting_queues_one_row_whatever_the_members_and_a_deleted_message_is_not_pushed()
    {
        var owner = await Client.RegisterAsync();
        var channel = (await (await Client.PostJsonAsync("/api/v1/channels", new { name = "Quiet one" }, owner.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var members = new List<(TestAccount Account, TestBrowser Browser)>();
        for (var i = 0; i < 3; i++) members.Add(await MemberAsync(channel));
        var message = await PostAsync(owner, channel, new { text = "gone soon" });
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM push_channel_fanouts WHERE message_id = @message", new { message }));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM push_channel_deliveries WHERE message_id = @message", new { message }));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{message}", token: owner.AccessToken)).StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM push_channel_fanouts WHERE message_id = @message", new { message }));
        await push.RunJobAsync();
        foreach (var (_, browser) in members) Assert.Empty(push.Service.To(browser.Name));
        members.ForEach(m => m.Browser.Dispose());
    }
    [Fact]
    public async Task An_invitation_to_a_channel_removed_before_its_push_is_not_sent_and_one_to_a_live_channel_names_it()
    {
        var (fan, browser) = await push.SubscribedAsync();
        var channels = new List<Guid>();
        foreach (var name in new[] { "Still open", "Taken down" }) // two owners: one owner invites a follower once a week
        {
            var owner = await Client.RegisterAsync();
            await push.FollowAsync(fan, owner);
            channels.Add((await (await Client.PostJsonAsync("/api/v1/channels", new { name }, owner.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
                .GetProperty("id").GetGuid());
        }
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
        Task<long> QueuedAsync() => CountAsync(
            "SELECT count(*) FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id WHERE s.user_id = @id", new { id = fan.Id });
        Assert.Equal(2, await QueuedAsync());
        var posts = new PostsClient(App);
        await new ChannelSteps(posts).TakeDownAsync(new TestUser(fan.Id, fan.Username, fan.AccessToken), "broadcast_channel", channels[1]);

        await push.RunJobAsync();

        var pushed = Assert.Single(push.Read(browser), p => p.GetProperty("type").GetString() == "channel_invite");
        Assert.Equal(("broadcast_channel", channels[0]), (pushed.GetProperty("entityType").GetString(), pushed.GetProperty("entityId").GetGuid()));
        Assert.EndsWith("invited you to join their broadcast channel \"Still open\".", pushed.GetProperty("text").GetString());
        Assert.Equal(0, await QueuedAsync());
        browser.Dispose();
    }
}
