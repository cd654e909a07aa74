using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// The push-delivery job fanning a channel message out to the members while its host deletes it. The deletion's DELETE
/// locks the message and then, by its cascade, the message's fan-out row; the run held the fan-out row and then waited for
/// the message (its queued rows' foreign key), so the two deadlocked: a 503 for DELETE /channels/{id}/messages/{messageId}.
/// </summary>
public sealed class ChannelFanOutRaceTests(PushHost push) : IClassFixture<PushHost>
{
    [Fact]
    public async Task A_fan_out_passes_over_a_message_being_deleted_instead_of_waiting_for_it()
    {
        var client = push.App.Client;
        var owner = await client.RegisterAsync();
        var channel = (await (await client.PostJsonAsync("/api/v1/channels", new { name = "Short lived" }, owner.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (member, browser) = await push.SubscribedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/v1/channels/{channel}/join", new { }, member.AccessToken)).StatusCode);
        var message = (await (await client.PostJsonAsync($"/api/v1/channels/{channel}/messages", new { text = "typo" }, owner.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var db = push.App.Services.GetRequiredService<NpgsqlDataSource>();

        // The deletion, statement by statement: its DELETE locks the message first, its cascade the fan-out row after.
        await using var deletion = await db.OpenConnectionAsync();
        await using var tx = await deletion.BeginTransactionAsync();
        await deletion.ExecuteAsync("SELECT 1 FROM broadcast_channel_messages WHERE id = @message FOR UPDATE", new { message }, tx);
        var run = push.RunJobAsync();
        Assert.Null(await TransactionRace.BlockedByAsync(db, deletion.ProcessID, run));
        await run;

        await deletion.ExecuteAsync("DELETE FROM broadcast_channel_messages WHERE id = @message", new { message }, tx);
        await tx.CommitAsync();
        await push.RunJobAsync();
        Assert.Equal(0L, await push.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM push_channel_fanouts WHERE message_id = @message) + (SELECT count(*) FROM push_channel_deliveries WHERE message_id = @message)
            """, new { message }));
        Assert.Empty(push.Service.To(browser.Name));
        browser.Dispose();
    }

    /// <summary>
    /// A member's subscription removed while the run queues the member (its browser unsubscribed): the queued row's foreign key
    /// check waited for the removal and then failed (23503), which threw the whole run, every queue's deliveries with it.
    /// The run now reads the subscriptions FOR KEY SHARE, waits for the removal and passes over the subscription.
    /// </summary>
    [Fact]
    public async Task A_fan_out_waits_for_a_members_subscription_being_removed_and_passes_over_it()
    {
        var client = push.App.Client;
        var owner = await client.RegisterAsync();
        var channel = (await (await client.PostJsonAsync("/api/v1/channels", new { name = "Unsubscribed" }, owner.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (member, browser) = await push.SubscribedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/v1/channels/{channel}/join", new { }, member.AccessToken)).StatusCode);
        var message = (await (await client.PostJsonAsync($"/api/v1/channels/{channel}/messages", new { text = "hello" }, owner.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var db = push.App.Services.GetRequiredService<NpgsqlDataSource>();

        await using var removal = await db.OpenConnectionAsync();
        await using var tx = await removal.BeginTransactionAsync();
        await removal.ExecuteAsync("DELETE FROM push_subscriptions WHERE user_id = @member", new { member = member.Id }, tx);
        var run = push.RunJobAsync();
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, removal.ProcessID, run));
        await tx.CommitAsync();
        await run;

        Assert.Equal(0L, await push.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM push_channel_fanouts WHERE message_id = @message) + (SELECT count(*) FROM push_channel_deliveries WHERE message_id = @message)
            """, new { message }));
        Assert.Empty(push.Service.To(browser.Name));
        browser.Dispose();
    }
}
