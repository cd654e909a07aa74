using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Jobs;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// The push-delivery job against a push service over real HTTP (docs/social-graph.md "Push notifications"): a notice
/// reaches the recipient's browser encrypted for it alone, with the VAPID header; what the inbox would not show, or the
/// reader read already, is not pushed; quiet mode and an ended session stop pushes; the push service's answers (gone,
/// busy, refusing) are honoured with backoff and a last attempt.
/// </summary>
public sealed class PushDeliveryTests(PushHost push) : IClassFixture<PushHost>
{
    private FowergramApp App => push.App;
    private HttpClient Client => App.Client;

    private Task<long> QueuedAsync(Guid userId) => push.ScalarAsync<long>(
        "SELECT count(*) FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id WHERE s.user_id = @userId", new { userId });

    private async Task FollowAsync(TestAccount follower, TestAccount target)
    {
        await push.FollowAsync(follower, target);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
    }

    [Fact]
    public async Task A_notice_reaches_the_browser_encrypted_for_it_with_the_vapid_header()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await Client.RegisterAsync();
        await FollowAsync(ann, bob);
        Assert.Equal(1, await QueuedAsync(bob.Id));
        long delivered = 0; // fowergram.push.sends (docs/observability.md); other classes' pushes may add to it, never take away
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Name == "fowergram.push.sends") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new("fowergram.outcome", "delivered")) && tags.ToArray().Contains(new("fowergram.queue", "push_deliveries")))
                Interlocked.Add(ref delivered, value);
        });
        listener.Start();
        await push.RunJobAsync();
        Assert.True(Interlocked.Read(ref delivered) >= 1);

        var message = Assert.Single(push.Service.To(browser.Name));
        using var payload = JsonDocument.Parse(browser.Read(message.Body));
        Assert.Equal("follow", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal($"{ann.Username} started following you.", payload.RootElement.GetProperty("text").GetString());
        Assert.Equal(ann.Username, payload.RootElement.GetProperty("actor").GetString());
        var inbox = (await (await Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(inbox.GetProperty("id").GetGuid(), payload.RootElement.GetProperty("id").GetGuid());

        Assert.Equal("aes128gcm", message.Headers["Content-Encoding"]);
        Assert.Equal("application/octet-stream", message.Headers["Content-Type"]);
        Assert.Equal("normal", message.Headers["Urgency"]);
        Assert.InRange(long.Parse(message.Headers["TTL"]), 86_000, 86_400);
        var key = (await (await Client.GetAsync("/api/v1/push/key")).ReadJsonAsync()).GetProperty("publicKey").GetString();
        Assert.Matches($"^vapid t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+, k={key}$", message.Headers["Authorization"]);
        var claims = message.Headers["Authorization"].Split('.')[1];
        Assert.Equal(push.Service.Origin, JsonDocument.Parse(Base64Url.DecodeFromChars(claims)).RootElement.GetProperty("aud").GetString());

        Assert.Equal(0, await QueuedAsync(bob.Id));
        Assert.True(await push.ScalarAsync<bool>("SELECT last_success_at IS NOT NULL FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id }));
        await push.RunJobAsync(); // nothing twice
        Assert.Single(push.Service.To(browser.Name));
        browser.Dispose();
    }

    [Fact]
    public async Task Runs_at_once_push_each_notice_once()
    {
        var (bob, browser) = await push.SubscribedAsync();
        for (var i = 0; i < 5; i++) await FollowAsync(await Client.RegisterAsync(), bob);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(push.RunJobAsync)));
        // Each run folds what it claimed (below) and may count in what a run before it pushed (PushFoldTests): across the runs
        // every notice is pushed once, each push names a different newest notice and none counts more than there are.
        var pushes = push.Service.To(browser.Name).Select(m => JsonDocument.Parse(browser.Read(m.Body)).RootElement).ToList();
        Assert.InRange(pushes.Sum(NoticesIn), 5, 5 * pushes.Count);
        Assert.InRange(pushes.Max(NoticesIn), 1, 5);
        Assert.Equal(pushes.Count, pushes.Select(p => p.GetProperty("id").GetGuid()).Distinct().Count());
        // Follows fold into one group in the inbox, so they share one Topic: an offline phone keeps only the newest.
        var topic = Assert.Single(push.Service.To(browser.Name).Select(m => m.Headers["Topic"]).Distinct());
        Assert.Matches("^[A-Za-z0-9_-]{32}$", topic);
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }

    private static int NoticesIn(JsonElement payload) => payload.TryGetProperty("count", out var count) ? count.GetInt32() : 1;

    [Fact]
    public async Task A_burst_the_inbox_groups_is_one_push_naming_the_newest_and_counting_the_others()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var fans = new List<TestAccount>();
        for (var i = 0; i < 3; i++)
        {
            fans.Add(await Client.RegisterAsync());
            await FollowAsync(fans[^1], bob);
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // A notice of another group in the same run is a push of its own: eve, private, accepts bob's request.
        var eve = await Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { isPrivate = true }, eve.AccessToken)).StatusCode);
        await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{eve.Username}/follow", token: bob.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync($"/api/v1/users/me/follow-requests/{bob.Username}/approve", new { }, eve.AccessToken)).StatusCode);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
        Assert.Equal(4, await QueuedAsync(bob.Id));

        await push.RunJobAsync();
        var pushes = push.Service.To(browser.Name).Select(m => JsonDocument.Parse(browser.Read(m.Body)).RootElement).ToDictionary(p => p.GetProperty("type").GetString()!);
        Assert.Equal(2, pushes.Count);
        var follows = pushes["follow"];
        Assert.Equal($"{fans[2].Username} and 2 others started following you.", follows.GetProperty("text").GetString());
        Assert.Equal(fans[2].Username, follows.GetProperty("actor").GetString());
        Assert.Equal(2, follows.GetProperty("others").GetInt32());
        // The same notices, the same newest, as the grouped inbox shows them.
        var inbox = (await (await Client.GetAsync("/api/v1/notifications?group=true", bob.AccessToken)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "follow");
        Assert.Equal(inbox.GetProperty("id").GetGuid(), follows.GetProperty("id").GetGuid());
        Assert.Equal(3, inbox.GetProperty("ids").GetArrayLength());
        Assert.Equal(3, NoticesIn(follows));
        var accepted = pushes["follow_accept"];
        Assert.Equal($"{eve.Username} accepted your follow request.", accepted.GetProperty("text").GetString());
        Assert.False(accepted.TryGetProperty("others", out _));
        Assert.False(accepted.TryGetProperty("count", out _));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }

    [Fact]
    public async Task A_burst_larger_than_a_batch_is_still_one_push()
    {
        var (bob, browser) = await push.SubscribedAsync();
        // 150 new followers at once, written as their consumers would write the notices (more than a batch of 100 rows).
        await using (var conn = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            await conn.ExecuteAsync("""
                WITH fans AS (
                    INSERT INTO users (id, email, username, hashed_password)
                    SELECT gen_random_uuid(), 'burst' || i || @tag || '@example.com', 'burst' || i || @tag, 'x' FROM generate_series(1, 150) i
                    RETURNING id)
                INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
                SELECT gen_random_uuid(), @bob, id, 'follow', 'user', id, @now FROM fans
                """, new { bob = bob.Id, tag = Guid.NewGuid().ToString("N")[..8], now = App.Clock.GetUtcNow() });
        Assert.Equal(150, await QueuedAsync(bob.Id));

        await push.RunJobAsync();
        var message = Assert.Single(push.Service.To(browser.Name));
        using var payload = JsonDocument.Parse(browser.Read(message.Body));
        Assert.Equal(150, NoticesIn(payload.RootElement));
        Assert.InRange(message.Body.Length, 1, 4096); // what every push service takes
        Assert.Equal(149, payload.RootElement.GetProperty("others").GetInt32());
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }

    [Fact]
    public async Task A_folded_push_the_service_could_not_take_is_tried_again_for_every_notice_in_it()
    {
        var (bob, browser) = await push.SubscribedAsync();
        push.Service.Answer(browser.Name, 503);
        for (var i = 0; i < 2; i++) await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Single(push.Service.To(browser.Name));
        Assert.Equal(2, await QueuedAsync(bob.Id));
        await FollowAsync(await Client.RegisterAsync(), bob); // arrives while the two wait: folded with them next time
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await push.RunJobAsync();
        var retried = JsonDocument.Parse(browser.Read(push.Service.To(browser.Name)[1].Body)).RootElement;
        Assert.Equal(3, NoticesIn(retried));
        Assert.Equal(2, retried.GetProperty("others").GetInt32());
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }

    [Fact]
    public async Task What_the_inbox_would_not_show_or_the_reader_read_is_not_pushed()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await Client.RegisterAsync();
        var cy = await Client.RegisterAsync();
        await FollowAsync(ann, bob);
        await FollowAsync(cy, bob);
        // bob reads ann's notice in the app first, and blocks cy: neither is pushed.
        var annNotice = (await (await Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("actor").GetProperty("username").GetString() == ann.Username).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync($"/api/v1/notifications/{annNotice}/read", new { }, bob.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{cy.Username}/block", token: bob.AccessToken)).StatusCode);
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }

    [Fact]
    public async Task A_category_turned_off_or_limited_to_followed_accounts_is_not_pushed_but_stays_in_the_inbox()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await Client.RegisterAsync();
        var cy = await Client.RegisterAsync();
        await FollowAsync(bob, ann); // bob follows ann, not cy
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", new { follows = "following" }, bob.AccessToken)).StatusCode);
        await FollowAsync(ann, bob);
        await FollowAsync(cy, bob);
        await push.RunJobAsync();
        var pushed = push.Service.To(browser.Name).Select(m => JsonDocument.Parse(browser.Read(m.Body)).RootElement.GetProperty("actor").GetString()).ToList();
        Assert.Equal([ann.Username], pushed);

        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", new { follows = "off" }, bob.AccessToken)).StatusCode);
        await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Single(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        Assert.Equal(3, (await (await Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        browser.Dispose();
    }

    [Fact]
    public async Task Quiet_mode_and_an_ended_session_stop_pushes()
    {
        var (bob, browser) = await push.SubscribedAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/quiet-mode", new { enabled = true }, bob.AccessToken)).StatusCode);
        await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));

        // A session of its own registers a phone, then logs out: the phone gets nothing more and its subscription goes.
        var cy = await Client.RegisterAsync();
        var (access, refresh) = await Client.LoginAsync(cy.Username, cy.Password);
        using var phone = new TestBrowser();
        await (await Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", phone.Subscription(push.Service), access)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = refresh })).StatusCode);
        await FollowAsync(await Client.RegisterAsync(), cy);
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(phone.Name));
        Assert.Equal(0, await push.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = cy.Id }));
        browser.Dispose();
    }

    [Fact]
    public async Task A_notice_still_queued_when_quiet_mode_begins_stays_silent()
    {
        var (bob, browser) = await push.SubscribedAsync();
        await FollowAsync(await Client.RegisterAsync(), bob); // queued, the job not run yet (or its push waiting for a retry)
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/quiet-mode", new { enabled = true }, bob.AccessToken)).StatusCode);

        await push.RunJobAsync();

        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        Assert.Single((await (await Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        browser.Dispose();
    }

    [Fact]
    public async Task A_gone_subscription_is_dropped_and_a_busy_service_is_tried_again_later()
    {
        var (bob, gone) = await push.SubscribedAsync();
        push.Service.Answer(gone.Name, 410);
        await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Single(push.Service.To(gone.Name));
        Assert.Equal(0, await push.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id }));

        var (cy, busy) = await push.SubscribedAsync();
        push.Service.Answer(busy.Name, 503, 500);
        await FollowAsync(await Client.RegisterAsync(), cy);
        await push.RunJobAsync();
        await push.RunJobAsync(); // not due yet: backing off
        Assert.Single(push.Service.To(busy.Name));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await push.RunJobAsync();
        Assert.Equal(2, push.Service.To(busy.Name).Count);
        App.Clock.Advance(TimeSpan.FromSeconds(59));
        await push.RunJobAsync();
        Assert.Equal(2, push.Service.To(busy.Name).Count); // the second wait is a minute
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await push.RunJobAsync();
        var sent = push.Service.To(busy.Name);
        Assert.Equal(3, sent.Count);
        // Each attempt is encrypted afresh, and the third was taken.
        Assert.NotEqual(sent[0].Body[..16], sent[2].Body[..16]);
        Assert.Single(sent.Select(m => JsonDocument.Parse(busy.Read(m.Body)).RootElement.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(0, await QueuedAsync(cy.Id));
        gone.Dispose();
        busy.Dispose();
    }

    [Fact]
    public async Task A_key_that_cannot_be_encrypted_to_drops_its_subscription_and_the_run_goes_on()
    {
        var (bob, good) = await push.SubscribedAsync();
        using var broken = new TestBrowser();
        var offCurve = WebPushEncryption.PublicKeyOf(broken.Key);
        offCurve[64] ^= 1;
        await using (var conn = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at)
                VALUES (gen_random_uuid(), @userId, @endpoint, @p256dh, @auth, now())
                """, new { userId = bob.Id, endpoint = push.Service.Endpoint(broken.Name), p256dh = offCurve, auth = broken.Auth }); // around the API's check
        await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Single(push.Service.To(good.Name));
        Assert.Empty(push.Service.To(broken.Name));
        Assert.Equal(1, await push.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id }));
        good.Dispose();
    }

    [Fact]
    public async Task A_refused_message_and_the_last_attempt_leave_the_queue_and_keep_the_subscription()
    {
        var (bob, browser) = await push.SubscribedAsync();
        push.Service.Answer(browser.Name, 413);
        await FollowAsync(await Client.RegisterAsync(), bob);
        await push.RunJobAsync();
        Assert.Single(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));

        push.Service.Answer(browser.Name, 500, 500, 500, 500, 500);
        await FollowAsync(await Client.RegisterAsync(), bob);
        for (var i = 0; i < 8; i++)
        {
            await push.RunJobAsync();
            App.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        Assert.Equal(1 + 5, push.Service.To(browser.Name).Count); // Push:MaxAttempts
        Assert.Equal(0, await QueuedAsync(bob.Id));
        Assert.Equal(1, await push.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id }));
        browser.Dispose();
    }

    [Fact]
    public async Task A_notice_undone_before_the_job_is_not_pushed_and_stale_ones_are_not_either()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await Client.RegisterAsync();
        await FollowAsync(ann, bob);
        await using (var conn = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            await conn.ExecuteAsync("DELETE FROM notifications WHERE user_id = @id", new { id = bob.Id }); // as an unlike takes its notice back
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));

        await FollowAsync(await Client.RegisterAsync(), bob);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1)); // Push:MaxAge: a day-old notice is no news
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }
}
