using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Reporting broadcast channels and their messages (docs/moderation.md, migration 0185): a message by who reads it, a channel
/// by who may see it, everyone else the 404 reading it gives; once per reporter and target; the moderator's view of each.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelReportTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private ChannelSteps Steps => new(_posts);

    [Fact]
    public async Task Hosts_and_members_may_report_a_message_and_anyone_else_gets_404_with_nothing_stored()
    {
        var cast = await Steps.ChannelAsync();
        var (removed, blocker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var user in new[] { removed, blocker })
            await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/join", user)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{cast.Channel}/members/{removed.Username}", cast.Owner)).EnsureNoContentAsync();
        var message = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = "buy my coins" });
        await _posts.BlockAsync(blocker, cast.Cohost); // a block either way hides the sender's messages

        foreach (var reader in new[] { cast.Member, cast.Owner })
            await (await Steps.ReportAsync(reader, "channel_message", message)).ReadJsonAsync(HttpStatusCode.Created);
        foreach (var outsider in new[] { cast.Visitor, removed, blocker })
        {
            var problem = await (await Steps.ReportAsync(outsider, "channel_message", message)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains("channel message", problem.GetProperty("detail").GetString());
        }
        await (await Steps.ReportAsync(cast.Member, "channel_message", Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        // A channel id is not a message id, nor the other way round.
        await (await Steps.ReportAsync(cast.Member, "channel_message", cast.Channel)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Steps.ReportAsync(cast.Member, "broadcast_channel", message)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2L, await Steps.ReportRowsAsync(message));
    }

    [Fact]
    public async Task A_channel_is_reportable_by_whoever_may_see_it_once_and_an_ended_one_only_by_its_readers()
    {
        var cast = await Steps.ChannelAsync();
        var privateOwner = await _posts.NewUserAsync(isPrivate: true);
        var hidden = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", privateOwner, new { name = "Friends" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var first = await (await Steps.ReportAsync(cast.Visitor, "broadcast_channel", cast.Channel)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("broadcast_channel", first.GetProperty("targetType").GetString());
        var again = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", cast.Visitor,
            new { targetType = "broadcast_channel", targetId = cast.Channel, reason = "scam" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((first.GetProperty("id").GetGuid(), "spam"), (again.GetProperty("id").GetGuid(), again.GetProperty("reason").GetString()));
        await (await Steps.ReportAsync(cast.Visitor, "broadcast_channel", hidden)).AssertProblemAsync(HttpStatusCode.NotFound);

        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/end", cast.Owner)).EnsureSuccessStatusCode();
        var stranger = await _posts.NewUserAsync();
        await (await Steps.ReportAsync(stranger, "broadcast_channel", cast.Channel)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Steps.ReportAsync(cast.Member, "broadcast_channel", cast.Channel)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2L, await Steps.ReportRowsAsync(cast.Channel));
        Assert.Equal(0L, await Steps.ReportRowsAsync(hidden));
    }

    [Fact]
    public async Task A_moderator_sees_the_sender_the_words_and_the_signed_photo_of_a_message_and_the_owner_name_and_description_of_a_channel()
    {
        var cast = await Steps.ChannelAsync("Coin tips");
        var bytes = MediaSamples.Jpeg();
        var slot = await _posts.UploadAsync(cast.Cohost, bytes, purpose: "message");
        var photo = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = "look at this", uploadId = slot.UploadId });
        var poll = await Steps.PostAsync(cast.Owner, cast.Channel, new { poll = new { question = "Buy?", options = new[] { "yes", "no" } } });

        var photoReport = (await (await Steps.ReportAsync(cast.Member, "channel_message", photo)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var target = await Steps.TargetAsync(photoReport);
        Assert.Equal((cast.Cohost.Username, "look at this", false),
            (target.GetProperty("author").GetString(), target.GetProperty("text").GetString(), target.GetProperty("removed").GetBoolean()));
        var media = Assert.Single(target.GetProperty("media").EnumerateArray());
        Assert.Equal(bytes, await (await app.Client.GetAsync(media.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync());

        var pollReport = (await (await Steps.ReportAsync(cast.Member, "channel_message", poll)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal("Buy?\nyes\nno", (await Steps.TargetAsync(pollReport)).GetProperty("text").GetString());

        var channelReport = (await (await Steps.ReportAsync(cast.Visitor, "broadcast_channel", cast.Channel)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var channel = await Steps.TargetAsync(channelReport);
        Assert.Equal((cast.Owner.Username, "Coin tips\nNews first", false),
            (channel.GetProperty("author").GetString(), channel.GetProperty("text").GetString(), channel.GetProperty("removed").GetBoolean()));
        Assert.False(channel.TryGetProperty("media", out _));
        // The queue filters by the new kinds.
        var moderator = await _posts.ModeratorAsync();
        Assert.Contains(await _posts.WholeQueueAsync("/api/v1/moderation/reports?type=broadcast_channel", moderator),
            r => r.GetProperty("id").GetGuid() == channelReport);
    }

    [Fact]
    public async Task Taking_down_what_is_gone_is_a_409_and_the_report_stays_open()
    {
        var cast = await Steps.ChannelAsync();
        var message = await Steps.PostAsync(cast.Owner, cast.Channel, new { text = "soon gone" });
        var report = (await (await Steps.ReportAsync(cast.Member, "channel_message", message)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{cast.Channel}/messages/{message}", cast.Owner)).EnsureNoContentAsync();

        await (await Steps.ResolveAsync(report)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @report", new { report }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM content_removals WHERE report_id = @report", new { report }));
        var read = await (await _posts.GetAsync($"/api/v1/moderation/reports/{report}", await _posts.ModeratorAsync())).ReadJsonAsync();
        Assert.False(read.TryGetProperty("target", out _)); // nothing of it is left
        // Taking one down closes its other reports with it.
        var other = await Steps.PostAsync(cast.Owner, cast.Channel, new { text = "twice" });
        var second = (await (await Steps.ReportAsync(cast.Cohost, "channel_message", other)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Steps.TakeDownAsync(cast.Member, "channel_message", other);
        Assert.Equal("actioned", await _posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @second", new { second }));
        await (await Steps.ReportAsync(cast.Owner, "channel_message", other)).AssertProblemAsync(HttpStatusCode.NotFound); // a tombstone says nothing to report
    }
}
