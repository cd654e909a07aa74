using System.Net;
using Dapper;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Jobs;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A host on a database of its own whose push-delivery job the tests run (so no other test's pushes are in its queue),
/// configured to push to a stand-in push service the subclass starts first and stops last.
/// </summary>
public abstract class PushJobHost : IAsyncLifetime
{
    public ScratchDatabaseApp Host { get; private set; } = null!;
    public FowergramApp App => Host.App;

    /// <summary>Starts the stand-in service; then the host is configured by <see cref="Configure"/>.</summary>
    protected abstract Task StartServiceAsync();

    protected abstract void Configure(WebApplicationBuilder builder);

    protected abstract ValueTask StopServiceAsync();

    public async Task InitializeAsync()
    {
        await StartServiceAsync();
        Host = new ScratchDatabaseApp { Configure = Configure };
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await StopServiceAsync();
    }

    public async Task FollowAsync(TestAccount follower, TestAccount target) =>
        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{target.Username}/follow", token: follower.AccessToken)).StatusCode);

    /// <summary>A follow, and its notice written (the event pipeline drained), so that it is queued for pushing.</summary>
    public async Task FollowAndDrainAsync(TestAccount follower, TestAccount target)
    {
        await FollowAsync(follower, target);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
    }

    /// <summary>Pushes queued for the account's browsers and apps.</summary>
    public Task<long> QueuedAsync(Guid userId) => ScalarAsync<long>(
        "SELECT count(*) FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id WHERE s.user_id = @userId", new { userId });

    public Task<long> SubscriptionsAsync(Guid userId) =>
        ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @userId", new { userId });

    /// <summary>One run of the push-delivery job at the host's clock.</summary>
    public Task RunJobAsync() =>
        App.Services.GetServices<IScheduledJob>().Single(j => j.Name == PushDeliveryJob.JobName).RunAsync(App.Clock.GetUtcNow(), CancellationToken.None);

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }
}
