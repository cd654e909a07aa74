using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A reel caption's mention notifies only while the caption names the account (reel_mentions, migration 0244), as a post's
/// does: an edit that takes the @name out before reel-notifications handles its user.mentioned tells nobody, one after it
/// takes the notice back, and an edit that keeps a name raises nothing new. Until 2026-12-07 reels kept no mention rows, so
/// both kept the "mentioned you" about a caption that no longer named the account.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCaptionMentionTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private Task<long> MentionNoticesAsync(TestUser recipient, Guid reel) => _reels.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = 'mention' AND entity_type = 'reel' AND entity_id = @reel",
        new { recipient = recipient.Id, reel });

    private Task<Guid[]> MentionRowsAsync(Guid reel) => _reels.Posts.ScalarAsync<Guid[]>(
        "SELECT coalesce(array_agg(user_id ORDER BY user_id), '{}') FROM reel_mentions WHERE reel_id = @reel", new { reel });

    private async Task EditCaptionAsync(TestUser author, Guid reel, string caption) =>
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { caption })).ReadJsonAsync();

    [Fact]
    public async Task A_mention_edited_out_before_its_event_is_handled_notifies_nobody()
    {
        var (author, bob) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, "A walk in the park");
        await _reels.SettleAsync(reel);

        // The user.mentioned of the caption "with @bob", handled after the edit that took @bob out.
        var envelope = new EventEnvelope(Guid.CreateVersion7(), ReelMentionEvent.Type, author.Id,
            JsonSerializer.SerializeToElement(ReelMentionEvent.Of(bob.Id, reel, null), ApiJson.Options), app.Clock.GetUtcNow());
        await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await new ReelNotificationsConsumer(app.Clock).HandleAsync(envelope, conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await MentionNoticesAsync(bob, reel));
    }

    [Fact]
    public async Task An_edit_that_takes_a_mention_out_takes_its_notice_back_and_one_that_keeps_it_keeps_it()
    {
        var (author, bob, cy) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, $"A walk with @{bob.Username} and @{cy.Username}");
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await MentionNoticesAsync(bob, reel));
        Assert.Equal(1L, await MentionNoticesAsync(cy, reel));
        Assert.Equal(new[] { bob.Id, cy.Id }.Order(), await MentionRowsAsync(reel));

        await EditCaptionAsync(author, reel, $"A walk with @{cy.Username}");
        await _reels.SettleAsync(reel);

        Assert.Equal(0L, await MentionNoticesAsync(bob, reel));
        Assert.Equal(1L, await MentionNoticesAsync(cy, reel));
        Assert.Equal([cy.Id], await MentionRowsAsync(reel));
    }

    [Fact]
    public async Task An_edit_raises_only_the_names_new_to_the_caption_and_never_the_author()
    {
        var (author, bob, cy) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, $"With @{bob.Username} and me @{author.Username}");
        await _reels.SettleAsync(reel);
        Assert.Equal([bob.Id], await MentionRowsAsync(reel));

        await EditCaptionAsync(author, reel, $"With @{bob.Username} and @{cy.Username}");
        var mentionEvents = (await _reels.EventsAsync(reel)).Where(e => e.Type == ReelMentionEvent.Type)
            .Select(e => e.Payload.GetProperty("mentionedUserId").GetGuid()).ToList();
        Assert.Equal(new[] { bob.Id, cy.Id }.Order(), mentionEvents.Order());
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await MentionNoticesAsync(cy, reel));
    }
}
