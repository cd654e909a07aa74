using System.Net;
using Dapper;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A message or a notice written while its recipient's push subscription is being deleted (the browser removed, moved to
/// another account, its session ended): the push queues' triggers name each subscription they read, and the insert's
/// foreign key check waited for the deletion and then found the subscription gone, failing the sender's request (a 500).
/// The triggers lock the subscriptions as they read them (migration 0228), so the write waits, skips the removed one and
/// succeeds, with nothing queued for it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PushSubscriptionRemovalRaceTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private const string Subscribe = """
        INSERT INTO push_subscriptions (id, user_id, kind, endpoint, p256dh, auth, created_at)
        VALUES (@id, @userId, 'web', 'https://push.example/' || @id, decode('04' || repeat('00', 64), 'hex'), decode(repeat('00', 16), 'hex'), now())
        """;

    [Theory]
    [InlineData("push_message_deliveries")]
    [InlineData("push_deliveries")]
    public async Task A_write_racing_the_recipients_subscription_removal_waits_skips_it_and_succeeds(string queue)
    {
        var (sender, recipient, thread) = await _dm.FriendsAsync();
        var post = await _dm.Posts.PostIdAsync(sender);
        var subscription = Guid.NewGuid();
        await _dm.Posts.ExecuteAsync(Subscribe, new { id = subscription, userId = recipient.Id });

        // What DELETE /users/me/push-subscriptions/{id} does, up to its commit.
        await using var remover = await _dm.Posts.Db.OpenConnectionAsync();
        await using var removal = await remover.BeginTransactionAsync();
        Assert.Equal(1, await remover.ExecuteAsync("DELETE FROM push_subscriptions WHERE id = @subscription", new { subscription }, removal));

        var racing = queue == "push_message_deliveries"
            ? _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", sender, new { text = "are you there?" })
            : _dm.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", sender, new { username = recipient.Username });
        Assert.NotNull(await TransactionRace.BlockedByAsync(_dm.Posts.Db, remover.ProcessID, racing));
        await removal.CommitAsync();

        var response = await racing;
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>($"SELECT count(*) FROM {queue} WHERE subscription_id = @subscription", new { subscription }));
    }
}
