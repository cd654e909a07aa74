using System.Net;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Taking down broadcast channel messages and channels (docs/messages.md "Removed channel messages", "Removed channels"): a
/// message is a tombstone to every reader while its words, photo, poll, votes and reactions are kept for an appeal; a
/// channel is hidden from everyone; its owner or sender is told; a reversed appeal brings either back exactly, an upheld one
/// lets it go.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelTakedownTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private ChannelSteps Steps => new(_posts);

    [Fact]
    public async Task A_removed_message_is_a_tombstone_to_every_reader_its_sender_is_told_and_a_reversed_appeal_brings_it_back_exactly()
    {
        var cast = await Steps.ChannelAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var bytes = MediaSamples.Jpeg();
        var slot = await _posts.UploadAsync(cast.Cohost, bytes, purpose: "message");
        var photo = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = $"look {word}", uploadId = slot.UploadId });
        var poll = await Steps.PostAsync(cast.Cohost, cast.Channel, new { poll = new { question = $"Buy {word}?", options = new[] { "yes", "no" } } });
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{poll}/vote", cast.Member, new { option = 1 })).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{photo}/reaction", cast.Member, new { emoji = "😂" })).EnsureSuccessStatusCode();

        var removals = new[] { await Steps.TakeDownAsync(cast.Member, "channel_message", photo), await Steps.TakeDownAsync(cast.Owner, "channel_message", poll) };

        foreach (var reader in new[] { cast.Owner, cast.Cohost, cast.Member })
        {
            foreach (var message in new[] { photo, poll })
            {
                var shown = await Steps.MessageAsync(reader, cast.Channel, message);
                Assert.True(shown.TryGetProperty("removedAt", out _));
                Assert.Equal(cast.Cohost.Username, shown.GetProperty("sender").GetProperty("username").GetString());
                Assert.False(shown.TryGetProperty("text", out _) || shown.TryGetProperty("media", out _) || shown.TryGetProperty("poll", out _));
                Assert.Empty(shown.GetProperty("reactions").EnumerateArray());
            }
            Assert.DoesNotContain(word, (await (await _posts.GetAsync("/api/v1/users/me/export", reader)).ReadJsonAsync()).GetRawText());
        }
        // Frozen while removed: no new vote or reaction lands on it.
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{poll}/vote", cast.Member, new { option = 0 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{photo}/reaction", cast.Owner, new { emoji = "🔥" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((1L, 1L), (await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_votes WHERE message_id = @poll", new { poll }),
            await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_reactions WHERE message_id = @photo", new { photo })));
        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", cast.Cohost)).ReadJsonAsync()).GetProperty("broadcastChannels")
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == cast.Channel).GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == photo);
        Assert.Equal(System.Text.Json.JsonValueKind.String, exported.GetProperty("removedAt").ValueKind);

        var notice = "We removed your broadcast channel message because it goes against our community guidelines on spam.";
        Assert.Equal(2, (await Steps.SystemNoticesAsync(cast.Cohost)).Count(n => n == notice));
        Assert.True(await Steps.ReleasedAtAsync(slot.UploadId) > app.Clock.GetUtcNow().AddDays(1)); // held for the appeal window
        var target = await Steps.TargetAsync(removals[0]);
        Assert.Equal(($"look {word}", true), (target.GetProperty("text").GetString(), target.GetProperty("removed").GetBoolean()));
        Assert.Equal(bytes, await (await app.Client.GetAsync(Assert.Single(target.GetProperty("media").EnumerateArray()).GetProperty("url").GetString()))
            .Content.ReadAsByteArrayAsync());

        foreach (var removal in removals)
        {
            var listed = await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", cast.Cohost)).ReadJsonAsync();
            Assert.Equal(("channel_message", true), (listed.GetProperty("targetType").GetString(), listed.GetProperty("canAppeal").GetBoolean()));
            await (await Steps.AppealAsync(cast.Cohost, removal)).ReadJsonAsync(HttpStatusCode.Created);
            (await Steps.DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();
        }

        var back = await Steps.MessageAsync(cast.Member, cast.Channel, photo);
        Assert.False(back.TryGetProperty("removedAt", out _));
        Assert.Equal(($"look {word}", "😂"), (back.GetProperty("text").GetString(), back.GetProperty("myReaction").GetString()));
        Assert.Equal(bytes, await (await app.Client.GetAsync(back.GetProperty("media").GetProperty("url").GetString())).Content.ReadAsByteArrayAsync());
        var backPoll = (await Steps.MessageAsync(cast.Member, cast.Channel, poll)).GetProperty("poll");
        Assert.Equal(($"Buy {word}?", 1, 1), (backPoll.GetProperty("question").GetString(), backPoll.GetProperty("myVote").GetInt32(),
            backPoll.GetProperty("totalVotes").GetInt32()));
        Assert.Null(await Steps.ReleasedAtAsync(slot.UploadId));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM removed_channel_messages WHERE message_id = ANY(@ids)",
            new { ids = new[] { photo, poll } }));
        Assert.Contains("We reviewed your broadcast channel message again and restored it. Thanks for asking us to take another look.",
            await Steps.SystemNoticesAsync(cast.Cohost));
    }

    [Fact]
    public async Task A_removed_message_loses_its_pin_and_quotes_cannot_be_pinned_or_replied_to_and_gets_them_back_when_reinstated()
    {
        var cast = await Steps.ChannelAsync();
        var pinned = await Steps.PostAsync(cast.Owner, cast.Channel, new { text = "Pinned news" });
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{pinned}/pin", cast.Owner)).EnsureSuccessStatusCode();
        var reply = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = "About that", replyToId = pinned });
        async Task<List<Guid>> PinsAsync() => (await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}/pins", cast.Member)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();

        var removal = await Steps.TakeDownAsync(cast.Member, "channel_message", pinned);

        Assert.Empty(await PinsAsync());
        var tombstone = await Steps.MessageAsync(cast.Member, cast.Channel, pinned);
        Assert.False(tombstone.TryGetProperty("pinnedAt", out _));
        Assert.True((await Steps.MessageAsync(cast.Member, cast.Channel, reply)).GetProperty("replyTo").GetProperty("unavailable").GetBoolean());
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cast.Channel}/messages/{pinned}/pin", cast.Owner))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/messages", cast.Cohost, new { text = "Again", replyToId = pinned }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_messages WHERE channel_id = @channel",
            new { channel = cast.Channel }));

        await (await Steps.AppealAsync(cast.Owner, removal)).ReadJsonAsync(HttpStatusCode.Created);
        (await Steps.DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();
        Assert.Equal([pinned], await PinsAsync());
        Assert.Equal(pinned, (await Steps.MessageAsync(cast.Member, cast.Channel, reply)).GetProperty("replyTo").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_upheld_removal_forgets_the_message_and_deleting_a_tombstone_releases_its_kept_photo()
    {
        var cast = await Steps.ChannelAsync();
        var (upheldSlot, deletedSlot) = (await _posts.UploadAsync(cast.Owner, purpose: "message"), await _posts.UploadAsync(cast.Owner, purpose: "message"));
        var upheld = await Steps.PostAsync(cast.Owner, cast.Channel, new { uploadId = upheldSlot.UploadId });
        var deleted = await Steps.PostAsync(cast.Owner, cast.Channel, new { uploadId = deletedSlot.UploadId });
        var (upheldRemoval, deletedRemoval) = (await Steps.TakeDownAsync(cast.Member, "channel_message", upheld),
            await Steps.TakeDownAsync(cast.Member, "channel_message", deleted));
        await (await Steps.AppealAsync(cast.Owner, upheldRemoval)).ReadJsonAsync(HttpStatusCode.Created);

        (await Steps.DecideAsync(upheldRemoval, "upheld")).EnsureSuccessStatusCode();
        Assert.True(await Steps.ReleasedAtAsync(upheldSlot.UploadId) <= app.Clock.GetUtcNow());
        Assert.True((await Steps.MessageAsync(cast.Member, cast.Channel, upheld)).TryGetProperty("removedAt", out _));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM removed_channel_messages WHERE message_id = @upheld", new { upheld }));

        // The owner deletes the other tombstone: its kept photo is let go and the removal can no longer be appealed.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{cast.Channel}/messages/{deleted}", cast.Owner)).EnsureNoContentAsync();
        Assert.True(await Steps.ReleasedAtAsync(deletedSlot.UploadId) <= app.Clock.GetUtcNow());
        Assert.False((await (await _posts.GetAsync($"/api/v1/users/me/removals/{deletedRemoval}", cast.Owner)).ReadJsonAsync())
            .GetProperty("canAppeal").GetBoolean());
        await (await Steps.AppealAsync(cast.Owner, deletedRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_removed_channel_is_hidden_from_everyone_and_a_reversed_appeal_restores_it_whole()
    {
        var cast = await Steps.ChannelAsync("Hidden for a while");
        var slot = await _posts.UploadAsync(cast.Cohost, purpose: "message");
        var message = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = "inside", uploadId = slot.UploadId });
        var removal = await Steps.TakeDownAsync(cast.Visitor, "broadcast_channel", cast.Channel);

        foreach (var user in new[] { cast.Owner, cast.Cohost, cast.Member, cast.Visitor })
        {
            await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}", user)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}/messages", user)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("Hidden for a while", (await (await _posts.GetAsync("/api/v1/users/me/channels", user)).ReadJsonAsync()).GetRawText());
            Assert.DoesNotContain("Hidden for a while",
                (await (await _posts.GetAsync($"/api/v1/users/{cast.Owner.Username}/channels", user)).ReadJsonAsync()).GetRawText());
        }
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/messages", cast.Owner, new { text = "still here?" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/end", cast.Owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("We removed your broadcast channel because it goes against our community guidelines on spam.",
            await Steps.SystemNoticesAsync(cast.Owner));
        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", cast.Owner)).ReadJsonAsync()).GetProperty("broadcastChannels")
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == cast.Channel);
        Assert.Equal(System.Text.Json.JsonValueKind.String, exported.GetProperty("removedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, exported.GetProperty("name").ValueKind);
        var target = await Steps.TargetAsync(removal);
        Assert.Equal(("Hidden for a while\nNews first", true), (target.GetProperty("text").GetString(), target.GetProperty("removed").GetBoolean()));
        Assert.True(await Steps.ReleasedAtAsync(slot.UploadId) > app.Clock.GetUtcNow().AddDays(1)); // held for the appeal window

        await (await Steps.AppealAsync(cast.Owner, removal)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Null(await Steps.ReleasedAtAsync(slot.UploadId));
        (await Steps.DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var seen = await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}", cast.Member)).ReadJsonAsync();
        Assert.Equal(("member", 1), (seen.GetProperty("role").GetString(), seen.GetProperty("memberCount").GetInt32()));
        Assert.Equal("inside", (await Steps.MessageAsync(cast.Member, cast.Channel, message)).GetProperty("text").GetString());
        Assert.Equal("cohost", (await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}", cast.Cohost)).ReadJsonAsync()).GetProperty("role").GetString());
        Assert.Null(await Steps.ReleasedAtAsync(slot.UploadId));
    }

    [Fact]
    public async Task A_reinstated_channel_that_would_put_its_owner_above_five_live_ones_comes_back_ended()
    {
        var cast = await Steps.ChannelAsync("Back, ended");
        var scheduled = await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cast.Channel}/scheduled-messages", cast.Owner,
            new { publishAt = app.Clock.GetUtcNow().AddDays(1), text = "later" });
        await scheduled.ReadJsonAsync(HttpStatusCode.Created);
        var removal = await Steps.TakeDownAsync(cast.Visitor, "broadcast_channel", cast.Channel);
        for (var i = 0; i < 5; i++) // a removed channel is not counted: the owner may fill the cap meanwhile
            await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", cast.Owner, new { name = $"Meanwhile {i}" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await Steps.AppealAsync(cast.Owner, removal)).ReadJsonAsync(HttpStatusCode.Created);

        (await Steps.DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var seen = await (await _posts.GetAsync($"/api/v1/channels/{cast.Channel}", cast.Member)).ReadJsonAsync();
        Assert.Equal("member", seen.GetProperty("role").GetString());
        Assert.Equal(app.Clock.GetUtcNow(), seen.GetProperty("endedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        await Steps.MessagesAsync(cast.Member, cast.Channel); // its history stays readable
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_scheduled_messages WHERE channel_id = @id",
            new { id = cast.Channel }));
        Assert.Contains("Your broadcast channel \"Back, ended\" is back, ended: you have 5 live channels. Its members can still read it.",
            await Steps.SystemNoticesAsync(cast.Owner));
        Assert.Equal(5L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM broadcast_channels WHERE owner_id = @id AND ended_at IS NULL AND removed_at IS NULL", new { id = cast.Owner.Id }));
    }

    [Fact]
    public async Task An_upheld_channel_removal_deletes_the_channel_and_releases_its_media()
    {
        var cast = await Steps.ChannelAsync();
        var slot = await _posts.UploadAsync(cast.Owner, purpose: "message");
        await Steps.PostAsync(cast.Owner, cast.Channel, new { uploadId = slot.UploadId });
        var removal = await Steps.TakeDownAsync(cast.Member, "broadcast_channel", cast.Channel);
        await (await Steps.AppealAsync(cast.Owner, removal)).ReadJsonAsync(HttpStatusCode.Created);

        (await Steps.DecideAsync(removal, "upheld")).EnsureSuccessStatusCode();

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE id = @id", new { id = cast.Channel }));
        Assert.True(await Steps.ReleasedAtAsync(slot.UploadId) <= app.Clock.GetUtcNow());
        var decided = await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", cast.Owner)).ReadJsonAsync();
        Assert.Equal("upheld", decided.GetProperty("appeal").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_purged_senders_tombstone_goes_with_its_kept_photo_and_the_reports_stay_as_evidence()
    {
        var cast = await Steps.ChannelAsync();
        var slot = await _posts.UploadAsync(cast.Cohost, purpose: "message");
        var message = await Steps.PostAsync(cast.Cohost, cast.Channel, new { text = "gone soon", uploadId = slot.UploadId });
        var removal = await Steps.TakeDownAsync(cast.Member, "channel_message", message);

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "broadcast channels");
        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, cast.Cohost.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM removed_channel_messages WHERE message_id = @message", new { message }));
        Assert.True(await Steps.ReleasedAtAsync(slot.UploadId) <= app.Clock.GetUtcNow());
        Assert.Equal("actioned", await _posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @removal", new { removal }));
        Assert.DoesNotContain(await Steps.MessagesAsync(cast.Member, cast.Channel), m => m.GetProperty("id").GetGuid() == message);
        await (await Steps.AppealAsync(cast.Cohost, removal)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_about_channel_removals_is_a_4xx_and_changes_nothing()
    {
        var cast = await Steps.ChannelAsync();
        var message = await Steps.PostAsync(cast.Owner, cast.Channel, new { text = "fine" });
        var removal = await Steps.TakeDownAsync(cast.Member, "channel_message", message);

        // Only the sender appeals; a message body is required.
        await (await Steps.AppealAsync(cast.Member, removal)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", cast.Owner, new { message = " " }))
            .AssertValidationErrorAsync("message");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", cast.Member, new { targetType = "channel", targetId = cast.Channel, reason = "spam" }))
            .AssertValidationErrorAsync("targetType");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", cast.Member, new { targetType = "broadcast_channel", reason = "spam" }))
            .AssertValidationErrorAsync("targetId");
        Assert.Null(await _posts.ScalarAsync<string?>("SELECT appeal_status FROM content_removals WHERE report_id = @removal", new { removal }));
        Assert.Equal(1L, await Steps.ReportRowsAsync(cast.Channel) + await Steps.ReportRowsAsync(message));
        // Deciding an appeal nobody made is a 404.
        await (await Steps.DecideAsync(removal, "reversed")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await Steps.MessageAsync(cast.Member, cast.Channel, message)).TryGetProperty("removedAt", out _));
    }
}
