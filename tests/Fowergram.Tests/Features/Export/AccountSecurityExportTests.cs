using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fowergram.Tests.Features.Accounts;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Export;

/// <summary>
/// The export's account-security and follow-history sections (docs/export.md): the live sessions, the trusted devices (never
/// a token or its hash) and the accounts the account stopped following and does not follow again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountSecurityExportTests(FowergramApp app)
{
    private async Task<JsonElement> ExportAsync(string accessToken) =>
        await (await app.Client.GetAsync("/api/v1/users/me/export", accessToken)).ReadJsonAsync();

    private async Task<JsonElement> LoginAsync(TestAccount account, string device, object? extra = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(extra ?? new { login = account.Username, password = account.Password }),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", device);
        return await (await app.Client.SendAsync(request)).ReadJsonAsync();
    }

    [Fact]
    public async Task The_export_lists_the_live_sessions_with_their_devices_and_not_the_ended_ones()
    {
        var account = await app.Client.RegisterAsync();
        var phone = (await LoginAsync(account, "Fowergram-iOS/3.1 (iPhone15,2)")).GetProperty("accessToken").GetString()!;
        await LoginAsync(account, "Fowergram-Android/3.1 (Pixel 8)");
        var sessions = (await (await app.Client.GetAsync("/api/v1/users/me/sessions", phone)).ReadJsonAsync()).GetProperty("items").EnumerateArray();
        var android = sessions.Single(s => s.TryGetProperty("device", out var d) && d.GetString()!.StartsWith("Fowergram-Android", StringComparison.Ordinal));
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{android.GetProperty("id").GetString()}", token: phone))
            .EnsureNoContentAsync();

        var exported = (await ExportAsync(phone)).GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, exported.Count); // the registration's and the phone's; the ended Android one is not there
        var iphone = Assert.Single(exported, s => s.TryGetProperty("device", out var d) && d.GetString() == "Fowergram-iOS/3.1 (iPhone15,2)");
        Assert.True(iphone.GetProperty("startedAt").GetDateTimeOffset() <= iphone.GetProperty("lastActiveAt").GetDateTimeOffset());
        Assert.True(iphone.GetProperty("expiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow());
        Assert.DoesNotContain(exported, s => s.GetProperty("id").GetString() == android.GetProperty("id").GetString());
        // Only the account's own.
        var stranger = await app.Client.RegisterAsync();
        Assert.Single((await ExportAsync(stranger.AccessToken)).GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task The_export_lists_the_trusted_devices_without_their_tokens_and_drops_them_when_two_factor_is_off()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TwoFactorTests.TurnOnAsync(app, account);
        app.Clock.Advance(Fowergram.Platform.Auth.Totp.StepLength);
        var login = await LoginAsync(account, "Fowergram-iOS/3.1 (iPhone15,2)",
            new { login = account.Username, password = account.Password, code = TwoFactorTests.CodeAt(app, secret, 1), trustDevice = true });
        var deviceToken = login.GetProperty("deviceToken").GetString()!;
        var accessToken = login.GetProperty("accessToken").GetString()!;

        var document = await ExportAsync(accessToken);
        var device = Assert.Single(document.GetProperty("trustedDevices").EnumerateArray());
        Assert.Equal("Fowergram-iOS/3.1 (iPhone15,2)", device.GetProperty("device").GetString());
        Assert.Equal(login.GetProperty("deviceTokenExpiresAt").GetDateTimeOffset(), device.GetProperty("expiresAt").GetDateTimeOffset(),
            TimeSpan.FromMicroseconds(1));
        Assert.True(device.TryGetProperty("trustedAt", out _));
        Assert.DoesNotContain(deviceToken, document.GetRawText(), StringComparison.Ordinal);
        Assert.False(device.TryGetProperty("tokenHash", out _));

        // Past its lifetime it is not exported, even before housekeeping deletes it. Aged in the row, not by moving the shared
        // clock 90 days: other tests of the collection write times from the wall clock.
        var now = app.Clock.GetUtcNow();
        await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            await conn.ExecuteAsync("""
                UPDATE two_factor_trusted_devices SET created_at = @trusted, last_used_at = @trusted, expires_at = @now - interval '1 second'
                 WHERE id = @id
                """, new { id = device.GetProperty("id").GetGuid(), trusted = now.AddDays(-91), now });
        Assert.Empty((await ExportAsync(accessToken)).GetProperty("trustedDevices").EnumerateArray());
    }

    [Fact]
    public async Task The_export_lists_whom_the_account_stopped_following_and_does_not_follow_again()
    {
        var viewer = await app.Client.RegisterAsync();
        var (left, returnedTo, stillFollowed, blocker) =
            (await app.Client.RegisterAsync(), await app.Client.RegisterAsync(), await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        foreach (var other in new[] { left, returnedTo, stillFollowed, blocker })
            (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/follow", token: viewer.AccessToken)).EnsureSuccessStatusCode();
        foreach (var other in new[] { left, returnedTo })
            await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/{other.Username}/follow", token: viewer.AccessToken)).EnsureNoContentAsync();
        (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{returnedTo.Username}/follow", token: viewer.AccessToken)).EnsureSuccessStatusCode();
        // A block ends the follow too, but the blocked account's export must not name who blocked it.
        (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{viewer.Username}/block", token: blocker.AccessToken)).EnsureSuccessStatusCode();
        await new EntityEvents(app, "followingId").SettleAsync(left.Id, returnedTo.Id, stillFollowed.Id, blocker.Id);

        var stopped = Assert.Single((await ExportAsync(viewer.AccessToken)).GetProperty("stoppedFollowing").EnumerateArray());
        Assert.Equal(left.Username, stopped.GetProperty("username").GetString());
        Assert.True(stopped.TryGetProperty("at", out _));
        // The account that was unfollowed does not see it in its own export: it is the other account's doing.
        Assert.Empty((await ExportAsync(left.AccessToken)).GetProperty("stoppedFollowing").EnumerateArray());
    }
    [Fact]
    public async Task A_follow_a_block_ended_is_not_listed_after_the_block_is_lifted_either()
    {
        // Hidden only while the block stood: once lifted, the blocked account's export named the blocker and the block's time.
        var (viewer, blocker) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{blocker.Username}/follow", token: viewer.AccessToken)).EnsureSuccessStatusCode();
        (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{viewer.Username}/block", token: blocker.AccessToken)).EnsureSuccessStatusCode();
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/{viewer.Username}/block", token: blocker.AccessToken)).EnsureNoContentAsync();
        await new EntityEvents(app, "followingId").SettleAsync(blocker.Id);

        Assert.Empty((await ExportAsync(viewer.AccessToken)).GetProperty("stoppedFollowing").EnumerateArray());
        Assert.True(await LossEndedByBlockAsync(viewer.Id, blocker.Id)); // the loss itself is recorded, for the blocker's insights
    }

    private static async Task<bool> LossEndedByBlockAsync(Guid follower, Guid followed) =>
        await Social.SocialWorld.ScalarAsync<bool>(
            "SELECT ended_by_block FROM follower_losses WHERE follower_id = @follower AND user_id = @followed", new { follower, followed });
}
