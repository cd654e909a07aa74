using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// PATCH /channels/{id}/scheduled-messages/{scheduledId} (docs/messages.md "Scheduled messages"): its sender changes the text
/// and the time of a message still waiting. The job posts every due message of the database and the tests move the clock,
/// so the class has a database and a clock of its own (as ScheduledChannelMessageTests).
/// </summary>
public sealed class ScheduledChannelMessageEditTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly ChannelClient _channels = new(host.App);
    private PostsClient Posts => _channels.Posts;
    private readonly MediaClient _media = new(host.App);
    private DateTimeOffset Now => host.App.Clock.GetUtcNow();

    private static string Path(Guid channel, Guid scheduled) => $"/api/v1/channels/{channel}/scheduled-messages/{scheduled}";

    private Task<HttpResponseMessage> EditAsync(TestUser user, Guid channel, Guid scheduled, object body) =>
        Posts.SendAsync(HttpMethod.Patch, Path(channel, scheduled), user, body);

    private async Task<Guid> ScheduledAsync(TestUser sender, Guid channel, object body) =>
        (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/scheduled-messages", sender, body))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<Guid> ScheduledTextAsync(TestUser sender, Guid channel, string text = "later") =>
        ScheduledAsync(sender, channel, new { publishAt = Now.AddHours(1), text });

    /// <summary>The stored text and time: what every refused edit must leave as it was.</summary>
    private async Task<(string? Content, DateTimeOffset PublishAt)> StoredAsync(Guid scheduled) =>
        (await Posts.QueryAsync<(string?, DateTimeOffset)>(
            "SELECT content, publish_at FROM broadcast_channel_scheduled_messages WHERE id = @scheduled", new { scheduled })).Single();

    private Task RunJobAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ScheduledChannelMessagesJob.JobName).RunAsync(Now, CancellationToken.None);

    [Fact]
    public async Task The_sender_changes_the_text_and_the_time_and_the_job_posts_the_edited_message_then()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var scheduled = await ScheduledTextAsync(owner, channel, "first draft");
        var later = Now.AddHours(3);

        var edited = await (await EditAsync(owner, channel, scheduled, new { text = "  final words  ", publishAt = later })).ReadJsonAsync();
        Assert.Equal("final words", edited.GetProperty("text").GetString());
        Assert.Equal(later, edited.GetProperty("publishAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1)); // stored to the microsecond
        var timeOnly = await (await EditAsync(owner, channel, scheduled, new { publishAt = later.AddHours(1) })).ReadJsonAsync();
        Assert.Equal("final words", timeOnly.GetProperty("text").GetString()); // an absent member stays
        Assert.Equal("final words", (await (await EditAsync(owner, channel, scheduled, new { })).ReadJsonAsync()).GetProperty("text").GetString());

        host.App.Clock.Advance(TimeSpan.FromHours(2)); // the first time has passed: nothing is posted then
        await RunJobAsync();
        Assert.Empty(await _channels.MessagesAsync(_media.WithFreshToken(member), channel));
        host.App.Clock.Advance(TimeSpan.FromHours(3));
        await RunJobAsync();
        var posted = Assert.Single(await _channels.MessagesAsync(_media.WithFreshToken(member), channel));
        Assert.Equal("final words", posted.GetProperty("text").GetString());
        // Posted, it is no longer scheduled: an edit finds nothing.
        await (await EditAsync(_media.WithFreshToken(owner), channel, scheduled, new { text = "too late" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_photos_caption_may_be_cleared_but_the_upload_and_the_poll_stay_as_scheduled()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var photo = await Posts.UploadAsync(owner, purpose: "message");
        var withPhoto = await ScheduledAsync(owner, channel, new { publishAt = Now.AddHours(1), text = "caption", uploadId = photo.UploadId });
        var poll = await ScheduledAsync(owner, channel, new { publishAt = Now.AddHours(1), poll = new { question = "Which?", options = new[] { "a", "b" } } });

        var cleared = await (await EditAsync(owner, channel, withPhoto, new { text = (string?)null })).ReadJsonAsync();
        Assert.False(cleared.TryGetProperty("text", out _));
        Assert.Equal("image", cleared.GetProperty("media").GetProperty("type").GetString());

        await (await EditAsync(owner, channel, poll, new { text = "a poll takes none" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var other = await Posts.UploadAsync(owner, purpose: "message");
        foreach (var body in new object[] { new { uploadId = other.UploadId }, new { poll = new { question = "Other?", options = new[] { "c", "d" } } } })
        {
            var problem = await (await EditAsync(owner, channel, withPhoto, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("schedule it again", problem.GetRawText());
        }
        Assert.Null((await StoredAsync(withPhoto)).Content); // only the cleared caption changed
        Assert.Equal(2L, await Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_scheduled_messages WHERE channel_id = @channel", new { channel }));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_nothing_changed()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var scheduled = await ScheduledTextAsync(owner, channel, "keep me");
        var before = await StoredAsync(scheduled);
        var bodies = new object[]
        {
            new { text = (string?)null }, // nothing left to post
            new { text = "   " },
            new { text = new string('x', 1001) },
            new { text = 42 },
            new { publishAt = "tomorrow" },
            new { publishAt = (string?)null },
            new { publishAt = Now.AddMinutes(5) },
            new { publishAt = Now.AddDays(76) },
            new { text = "fine", publishAt = Now.AddMinutes(1) },
        };
        foreach (var body in bodies)
        {
            var response = await EditAsync(owner, channel, scheduled, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)} → {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var raw in new[] { "[]", "\"text\"", "{", "{\"text\":\"a\",\"text\":\"b\"}" })
            await (await Posts.SendRawAsync(HttpMethod.Patch, Path(channel, scheduled), owner, raw)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await StoredAsync(scheduled));
    }

    [Fact]
    public async Task Only_its_sender_edits_it_anyone_else_gets_404()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var byCohost = await ScheduledTextAsync(cohost, channel, "the cohost's");
        var stranger = await Posts.NewUserAsync();
        var otherChannel = await _channels.CreateAsync(cohost, "Elsewhere");
        var cancelled = await ScheduledTextAsync(owner, channel, "cancelled");
        await (await Posts.SendAsync(HttpMethod.Delete, Path(channel, cancelled), owner)).EnsureNoContentAsync();

        foreach (var (user, path) in new[]
                 {
                     (owner, Path(channel, byCohost)), (member, Path(channel, byCohost)), (stranger, Path(channel, byCohost)),
                     (cohost, Path(otherChannel, byCohost)), (cohost, Path(channel, Guid.NewGuid())), (owner, Path(channel, cancelled)),
                     (cohost, $"/api/v1/channels/{channel}/scheduled-messages/not-an-id"), (cohost, $"/api/v1/channels/nope/scheduled-messages/{byCohost}"),
                 })
            await (await Posts.SendAsync(HttpMethod.Patch, path, user, new { text = "mine now" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("the cohost's", (await StoredAsync(byCohost)).Content);

        // Ending the channel drops what waits in it: nothing is left to edit.
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();
        await (await EditAsync(cohost, channel, byCohost, new { text = "after the end" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_edit_waits_for_a_run_posting_the_message_and_then_finds_it_gone()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var scheduled = await ScheduledTextAsync(owner, channel, "as scheduled");

        // A run posting it holds its row (as ScheduledChannelMessagesJob does) until its transaction commits.
        await using var run = await Posts.Db.OpenConnectionAsync();
        await using var runTx = await run.BeginTransactionAsync();
        await run.ExecuteAsync("SELECT 1 FROM broadcast_channel_scheduled_messages WHERE id = @scheduled FOR UPDATE", new { scheduled }, runTx);
        var editing = EditAsync(owner, channel, scheduled, new { text = "too late" });
        await WaitForLockAsync(editing);
        await run.ExecuteAsync("DELETE FROM broadcast_channel_scheduled_messages WHERE id = @scheduled", new { scheduled }, runTx);
        await runTx.CommitAsync();

        await (await editing).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Until a backend of this database is seen waiting on a lock (bounded): proof that the edit did not read before the run committed.</summary>
    private async Task WaitForLockAsync(Task editing)
    {
        await using var conn = await Posts.Db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!editing.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')")) return;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        Assert.Fail("The edit did not wait for the row's lock.");
    }
}
