using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A caption's mention notifies only while the caption mentions the account: an edit that takes the @name out before
/// post-notifications handles the user.mentioned event tells nobody (as a tag taken off before delivery), and one after it
/// takes the notice back. Until 2026-12-06 the account was told "mentioned you" about a caption that no longer named it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaptionMentionNoticeTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<long> MentionNoticesAsync(TestUser recipient, Guid post) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = 'mention' AND entity_id = @post", new { recipient = recipient.Id, post });

    [Fact]
    public async Task A_mention_edited_out_before_its_event_is_handled_notifies_nobody()
    {
        var (author, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author, "A walk in the park");
        await _posts.SettleAsync(post);

        // The user.mentioned of the caption "with @bob", handled after the edit that took @bob out.
        var envelope = new EventEnvelope(Guid.CreateVersion7(), PostEvents.UserMentioned, author.Id,
            JsonSerializer.SerializeToElement(MentionEvent.Of(bob.Id, post, null), ApiJson.Options), app.Clock.GetUtcNow());
        await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await new PostNotificationsConsumer(app.Clock).HandleAsync(envelope, conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await MentionNoticesAsync(bob, post));
    }

    [Fact]
    public async Task An_edit_that_takes_a_mention_out_takes_its_notice_back_and_one_that_keeps_it_keeps_it()
    {
        var (author, bob, cy) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author, $"A walk with @{bob.Username} and @{cy.Username}");
        await _posts.SettleAsync(post);
        Assert.Equal(1L, await MentionNoticesAsync(bob, post));
        Assert.Equal(1L, await MentionNoticesAsync(cy, post));

        (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{post}", author, new { caption = $"A walk with @{cy.Username}" })).EnsureSuccessStatusCode();
        await _posts.SettleAsync(post);

        Assert.Equal(0L, await MentionNoticesAsync(bob, post));
        Assert.Equal(1L, await MentionNoticesAsync(cy, post));
    }
}
