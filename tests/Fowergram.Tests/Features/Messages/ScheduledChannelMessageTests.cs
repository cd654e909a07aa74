using System.Net;
using System.Text.Json;
using Fowergram.Features.Messages;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// /channels/{id}/scheduled-messages over HTTP, and the scheduled-channel-messages job posting them (docs/messages.md
/// "Scheduled messages"). The job posts every due message of the database and the tests move the clock, so the class has a
/// database and a clock of its own (as ScheduledReelTests).
/// </summary>
public sealed class ScheduledChannelMessageTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly ChannelClient _channels = new(host.App);
    private PostsClient Posts => _channels.Posts;
    private readonly MediaClient _media = new(host.App);
    private DateTimeOffset Now => host.App.Clock.GetUtcNow();

    /// <summary>The user with a token issued now: one issued before the clock moved may have expired.</summary>
    private TestUser Fresh(TestUser user) => _media.WithFreshToken(user);

    private static string Path(Guid channel) => $"/api/v1/channels/{channel}/scheduled-messages";

    private Task<HttpResponseMessage> ScheduleAsync(TestUser sender, Guid channel, object body) => Posts.SendAsync(HttpMethod.Post, Path(channel), sender, body);

    private async Task<JsonElement> ScheduledAsync(TestUser sender, Guid channel, TimeSpan ahead, string? text = "later", Guid? uploadId = null) =>
        await (await ScheduleAsync(sender, channel, new { publishAt = Now + ahead, text, uploadId })).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<List<Guid>> ListAsync(TestUser user, Guid channel) =>
        (await (await Posts.GetAsync(Path(channel), user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(i => i.GetProperty("id").GetGuid()).ToList();

    private Task<long> RowsAsync(Guid channel) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_scheduled_messages WHERE channel_id = @channel", new { channel });

    private Task<bool> ReleasedAsync(Guid upload) => Posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @upload", new { upload });

    private async Task<List<string>> NoticesAsync(TestUser user) => (await Posts.QueryAsync<string>(
        "SELECT message FROM notifications WHERE user_id = @id AND type = 'system' ORDER BY created_at", new { id = user.Id })).ToList();

    private Task RunJobAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ScheduledChannelMessagesJob.JobName).RunAsync(Now, CancellationToken.None);

    [Fact]
    public async Task Hosts_schedule_the_owner_sees_all_a_cohost_their_own_and_members_are_refused()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var photo = await Posts.UploadAsync(cohost, purpose: "message");
        var byCohost = await ScheduledAsync(cohost, channel, TimeSpan.FromHours(1), "  with a photo  ", photo.UploadId);
        Assert.Equal("with a photo", byCohost.GetProperty("text").GetString());
        Assert.Equal("image", byCohost.GetProperty("media").GetProperty("type").GetString());
        Assert.Equal(cohost.Id, byCohost.GetProperty("senderId").GetGuid());
        var poll = await (await ScheduleAsync(owner, channel, new { publishAt = Now.AddDays(2), poll = new { question = "Which?", options = new[] { "a", "b" } } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, poll.GetProperty("poll").GetProperty("options").GetArrayLength());
        Assert.False(poll.TryGetProperty("text", out _));

        Assert.Equal([byCohost.GetProperty("id").GetGuid(), poll.GetProperty("id").GetGuid()], await ListAsync(owner, channel));
        Assert.Equal([byCohost.GetProperty("id").GetGuid()], await ListAsync(cohost, channel));
        await (await Posts.GetAsync(Path(channel), member)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ScheduleAsync(member, channel, new { publishAt = Now.AddHours(1), text = "me too" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(2L, await RowsAsync(channel));
        Assert.Empty(await _channels.MessagesAsync(member, channel)); // nothing shows before its time
        Assert.False(await ReleasedAsync(photo.UploadId)); // claimed while it waits
    }

    [Fact]
    public async Task Cancelling_releases_the_upload_and_publishing_now_posts_it_for_its_sender_only()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var photo = await Posts.UploadAsync(cohost, purpose: "message");
        var toCancel = (await ScheduledAsync(cohost, channel, TimeSpan.FromHours(3), uploadId: photo.UploadId)).GetProperty("id").GetGuid();
        var toPublish = (await ScheduledAsync(cohost, channel, TimeSpan.FromHours(4), "now instead")).GetProperty("id").GetGuid();

        await (await Posts.SendAsync(HttpMethod.Delete, $"{Path(channel)}/{toCancel}", member)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Delete, $"{Path(channel)}/{toCancel}", owner)).EnsureNoContentAsync(); // the owner may cancel any
        Assert.True(await ReleasedAsync(photo.UploadId));
        await (await Posts.SendAsync(HttpMethod.Delete, $"{Path(channel)}/{toCancel}", cohost)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await Posts.SendAsync(HttpMethod.Post, $"{Path(channel)}/{toPublish}/publish", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        var sent = await (await Posts.SendAsync(HttpMethod.Post, $"{Path(channel)}/{toPublish}/publish", cohost)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("now instead", sent.GetProperty("text").GetString());
        var read = Assert.Single(await _channels.MessagesAsync(member, channel));
        Assert.Equal(sent.GetProperty("id").GetGuid(), read.GetProperty("id").GetGuid());
        Assert.Equal(0L, await RowsAsync(channel));
        await (await Posts.SendAsync(HttpMethod.Post, $"{Path(channel)}/{toPublish}/publish", cohost)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_job_posts_a_due_message_once_at_its_time_even_with_runs_racing()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var photo = await Posts.UploadAsync(owner, purpose: "message");
        await ScheduledAsync(owner, channel, TimeSpan.FromMinutes(20), "on time", photo.UploadId);

        await RunJobAsync(); // not due yet
        Assert.Empty(await _channels.MessagesAsync(member, channel));

        host.App.Clock.Advance(TimeSpan.FromMinutes(30));
        (owner, member) = (Fresh(owner), Fresh(member));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunJobAsync()));
        var read = Assert.Single(await _channels.MessagesAsync(member, channel));
        Assert.Equal("on time", read.GetProperty("text").GetString());
        Assert.Equal("image", read.GetProperty("media").GetProperty("type").GetString());
        Assert.Equal(0L, await RowsAsync(channel));
        Assert.False(await ReleasedAsync(photo.UploadId)); // it belongs to the message now
        Assert.Contains("Your scheduled message was posted in \"Drops\".", await NoticesAsync(owner));
    }

    [Fact]
    public async Task Ending_a_channel_tells_each_cohost_whose_scheduled_message_it_dropped()
    {
        // Until 2026-12-07 the end dropped a co-host's waiting message with nothing said: the job's drop tells its sender why.
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner, "Launch");
        var cohost = await _channels.CohostAsync(owner, channel);
        await ScheduledAsync(cohost, channel, TimeSpan.FromHours(1), "big news");
        await ScheduledAsync(owner, channel, TimeSpan.FromHours(2), "the owner's own");

        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).ReadJsonAsync();

        Assert.Equal(0L, await RowsAsync(channel));
        Assert.Equal(["Your scheduled message in \"Launch\" was not posted: the channel has ended."], await NoticesAsync(cohost));
        Assert.Empty(await NoticesAsync(owner)); // the owner ended it: nothing to tell them
    }

    [Fact]
    public async Task A_sender_no_longer_a_host_has_it_dropped_by_the_job_and_ending_the_channel_drops_the_rest()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var photo = await Posts.UploadAsync(cohost, purpose: "message");
        await ScheduledAsync(cohost, channel, TimeSpan.FromMinutes(15), uploadId: photo.UploadId);
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/cohosts/{cohost.Username}", owner)).EnsureNoContentAsync();

        host.App.Clock.Advance(TimeSpan.FromMinutes(20));
        (owner, member) = (Fresh(owner), Fresh(member));
        await RunJobAsync();
        Assert.Empty(await _channels.MessagesAsync(member, channel));
        Assert.Equal(0L, await RowsAsync(channel));
        Assert.True(await ReleasedAsync(photo.UploadId));
        Assert.Contains(await NoticesAsync(cohost), n => n.Contains("not posted") && n.Contains("no longer one of the channel's hosts"));

        var ownersPhoto = await Posts.UploadAsync(owner, purpose: "message");
        await ScheduledAsync(owner, channel, TimeSpan.FromDays(1), uploadId: ownersPhoto.UploadId);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).ReadJsonAsync();
        Assert.Equal(0L, await RowsAsync(channel));
        Assert.True(await ReleasedAsync(ownersPhoto.UploadId));
        await (await ScheduleAsync(owner, channel, new { publishAt = Now.AddHours(1), text = "after" })).AssertProblemAsync(HttpStatusCode.Conflict);
        host.App.Clock.Advance(TimeSpan.FromDays(2));
        (owner, member) = (Fresh(owner), Fresh(member));
        await RunJobAsync();
        Assert.Empty(await _channels.MessagesAsync(member, channel));
    }

    [Fact]
    public async Task A_time_too_soon_is_refused_pointing_to_posting_at_once()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var problem = await (await ScheduleAsync(owner, channel, new { publishAt = Now.AddMinutes(5), text = "too soon" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Must be from 10 minutes to 75 days from now (to post at once, use POST /channels/{id}/messages).",
            problem.GetProperty("errors").GetProperty("publishAt")[0].GetString());
    }

    [Fact]
    public async Task Bad_input_is_refused_with_nothing_written()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var bodies = new object[]
        {
            new { text = "no time" },
            new { publishAt = "tomorrow", text = "x" },
            new { publishAt = Now.AddMinutes(5), text = "too soon" },
            new { publishAt = Now.AddDays(76), text = "too late" },
            new { publishAt = Now.AddHours(1) },
            new { publishAt = Now.AddHours(1), text = new string('x', 1001) },
            new { publishAt = Now.AddHours(1), text = "x", poll = new { question = "Which?", options = new[] { "a", "b" } } },
            new { publishAt = Now.AddHours(1), poll = new { question = "Which?", options = new[] { "a" } } },
            new { publishAt = Now.AddHours(1), text = "x", replyToId = Guid.NewGuid() },
            new { publishAt = Now.AddHours(1), text = "x", uploadId = Guid.NewGuid() },
        };
        foreach (var body in bodies)
        {
            var response = await ScheduleAsync(owner, channel, body);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound,
                $"{JsonSerializer.Serialize(body)} → {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        await (await ScheduleAsync(owner, Guid.NewGuid(), new { publishAt = Now.AddHours(1), text = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Delete, $"{Path(channel)}/not-an-id", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await RowsAsync(channel));

        // The cap counts every host's: the 26th waits for one to go.
        await Posts.ExecuteAsync("""
            INSERT INTO broadcast_channel_scheduled_messages (id, channel_id, sender_id, publish_at, content, created_at)
            SELECT gen_random_uuid(), @channel, @owner, @at, 'queued', @at FROM generate_series(1, @max)
            """, new { channel, owner = owner.Id, at = Now.AddDays(3), max = ScheduledChannelMessageRules.MaxPending });
        await (await ScheduleAsync(owner, channel, new { publishAt = Now.AddHours(1), text = "one more" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((long)ScheduledChannelMessageRules.MaxPending, await RowsAsync(channel));
    }

    [Fact]
    public async Task The_export_carries_the_senders_scheduled_messages()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var id = (await ScheduledAsync(owner, channel, TimeSpan.FromDays(5), "in the export")).GetProperty("id").GetGuid();

        var export = await (await Posts.GetAsync("/api/v1/users/me/export", owner)).ReadJsonAsync();

        var item = Assert.Single(export.GetProperty("scheduledChannelMessages").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal(channel, item.GetProperty("channelId").GetGuid());
        Assert.Equal("in the export", item.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Purging_the_owner_takes_a_cohosts_scheduled_messages_with_their_uploads_released()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var cohost = await _channels.CohostAsync(owner, channel);
        var photo = await Posts.UploadAsync(cohost, purpose: "message");
        await ScheduledAsync(cohost, channel, TimeSpan.FromDays(1), uploadId: photo.UploadId);

        var step = host.App.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "broadcast channels");
        await using (var conn = await host.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, owner.Id, 100, Now, CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        Assert.Equal(0L, await RowsAsync(channel));
        Assert.True(await ReleasedAsync(photo.UploadId));
    }
}
