using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>idempotency-housekeeping: expired keys go, kept or still claimed; live ones stay; twice at once is safe.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyKeysJobTests(FowergramApp app)
{
    private readonly IdempotencyClient _client = new(app);

    [Fact]
    public async Task Expired_keys_go_kept_or_claimed_and_live_ones_stay_when_run_twice_at_once()
    {
        var user = await _client.Posts.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        await InsertAsync(user.Id, "expired-kept", now - TimeSpan.FromHours(30), kept: true);
        await InsertAsync(user.Id, "expired-claimed", now - TimeSpan.FromHours(30), kept: false);
        await InsertAsync(user.Id, "live-kept", now - TimeSpan.FromHours(23), kept: true);
        await InsertAsync(user.Id, "live-claimed", now - TimeSpan.FromMinutes(1), kept: false);
        var job = app.Services.GetServices<IScheduledJob>().OfType<IdempotencyKeysJob>().Single();

        await Task.WhenAll(job.RunAsync(now, CancellationToken.None), job.RunAsync(now, CancellationToken.None));

        Assert.Equal(["live-claimed", "live-kept"], (await _client.Posts.QueryAsync<string>(
            "SELECT idempotency_key FROM idempotency_keys WHERE user_id = @id ORDER BY 1", new { id = user.Id })).ToList());
    }

    private Task InsertAsync(Guid userId, string key, DateTimeOffset createdAt, bool kept) => _client.Posts.ExecuteAsync("""
        INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, created_at, expires_at, locked_until,
                                      response_status, response_headers, response_body)
        VALUES (@userId, @key, sha256(@key::bytea), @createdAt, @createdAt + interval '24 hours',
                CASE WHEN @kept THEN NULL ELSE @createdAt + interval '5 minutes' END,
                CASE WHEN @kept THEN 201 END, CASE WHEN @kept THEN '{}'::jsonb END, CASE WHEN @kept THEN '\x7b7d'::bytea END)
        """, new { userId, key, createdAt, kept });
}
