using System.Buffers.Text;
using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Registering browsers for push notifications (docs/social-graph.md "Push notifications"): the VAPID key, subscribe,
/// list, remove, the cap, a browser moving between accounts, the session's end, and every bad input refused with nothing
/// written. A database of its own: its host allows the test push service.
/// </summary>
public sealed class PushSubscriptionTests(PushHost push) : IClassFixture<PushHost>
{
    private const string Path = "/api/v1/users/me/push-subscriptions";
    private FowergramApp App => push.App;
    private HttpClient Client => App.Client;

    private Task<long> RowsAsync(Guid userId) => push.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @userId", new { userId });

    private async Task<List<Guid>> ListAsync(TestAccount account) =>
        (await (await Client.GetAsync(Path, account.AccessToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_vapid_key_is_public_and_is_a_p256_point()
    {
        var key = (await (await Client.GetAsync("/api/v1/push/key")).ReadJsonAsync()).GetProperty("publicKey").GetString()!;
        var bytes = Base64Url.DecodeFromChars(key);
        Assert.Equal(65, bytes.Length);
        Assert.Equal(4, bytes[0]);
    }

    [Fact]
    public async Task A_browser_subscribes_once_and_again_without_a_second_row()
    {
        var ann = await Client.RegisterAsync();
        using var browser = new TestBrowser();
        var created = await Client.PostJsonAsync(Path, browser.Subscription(push.Service), ann.AccessToken);
        var view = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = view.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/users/me/push-subscriptions/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("127.0.0.1", view.GetProperty("service").GetString());
        Assert.True(view.GetProperty("thisSession").GetBoolean());
        Assert.False(view.TryGetProperty("lastSuccessAt", out _));
        Assert.DoesNotContain("endpoint", view.ToString()); // the endpoint is a capability: never shown again

        // The same browser again (a page load re-sends its subscription): the same row, its keys refreshed.
        using var rotated = new TestBrowser();
        var again = await Client.PostJsonAsync(Path, new { endpoint = push.Service.Endpoint(browser.Name), keys = new { p256dh = rotated.P256dh, auth = rotated.AuthText } },
            ann.AccessToken);
        Assert.Equal(id, (await again.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal([id], await ListAsync(ann));
        Assert.Equal(rotated.Auth, await push.ScalarAsync<byte[]>("SELECT auth FROM push_subscriptions WHERE id = @id", new { id }));

        // The export names the browser's push service, never its endpoint or keys.
        var export = await (await Client.GetAsync("/api/v1/users/me/export", ann.AccessToken)).ReadJsonAsync();
        var exported = Assert.Single(export.GetProperty("pushSubscriptions").EnumerateArray());
        Assert.Equal(id, exported.GetProperty("id").GetGuid());
        Assert.Equal("127.0.0.1", exported.GetProperty("service").GetString());
        Assert.DoesNotContain(browser.Name, export.ToString());
    }

    [Fact]
    public async Task A_browser_signed_in_to_another_account_moves_there()
    {
        var ann = await Client.RegisterAsync();
        var bob = await Client.RegisterAsync();
        using var browser = new TestBrowser();
        await (await Client.PostJsonAsync(Path, browser.Subscription(push.Service), ann.AccessToken)).ReadJsonAsync(HttpStatusCode.Created);
        var moved = await (await Client.PostJsonAsync(Path, browser.Subscription(push.Service), bob.AccessToken)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Empty(await ListAsync(ann));
        Assert.Equal([moved.GetProperty("id").GetGuid()], await ListAsync(bob));
    }

    [Fact]
    public async Task An_account_has_at_most_ten_browsers()
    {
        var ann = await Client.RegisterAsync();
        var browsers = Enumerable.Range(0, 11).Select(_ => new TestBrowser()).ToList();
        foreach (var b in browsers.Take(10))
            await (await Client.PostJsonAsync(Path, b.Subscription(push.Service), ann.AccessToken)).ReadJsonAsync(HttpStatusCode.Created);
        await (await Client.PostJsonAsync(Path, browsers[10].Subscription(push.Service), ann.AccessToken)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(10, await RowsAsync(ann.Id));
        // One already there may subscribe again at the cap.
        await (await Client.PostJsonAsync(Path, browsers[3].Subscription(push.Service), ann.AccessToken)).ReadJsonAsync();
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task Browsers_of_sessions_that_ended_do_not_count_towards_the_cap()
    {
        var ann = await Client.RegisterAsync();
        var (access, refresh) = await Client.LoginAsync(ann.Username, ann.Password);
        var browsers = Enumerable.Range(0, 11).Select(_ => new TestBrowser()).ToList();
        foreach (var b in browsers.Take(10))
            await (await Client.PostJsonAsync(Path, b.Subscription(push.Service), access)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = refresh })).StatusCode);
        await (await Client.PostJsonAsync(Path, browsers[10].Subscription(push.Service), ann.AccessToken)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await RowsAsync(ann.Id)); // the ended session's ten went with it
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task Removing_is_the_owners_and_an_ended_session_is_not_listed()
    {
        var ann = await Client.RegisterAsync();
        var bob = await Client.RegisterAsync();
        using var browser = new TestBrowser();
        var id = (await (await Client.PostJsonAsync(Path, browser.Subscription(push.Service), ann.AccessToken)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Client.SendJsonAsync(HttpMethod.Delete, $"{Path}/{id}", token: bob.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.SendJsonAsync(HttpMethod.Delete, $"{Path}/not-a-guid", token: ann.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await RowsAsync(ann.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Delete, $"{Path}/{id}", token: ann.AccessToken)).StatusCode);
        await (await Client.SendJsonAsync(HttpMethod.Delete, $"{Path}/{id}", token: ann.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Another session's subscription is listed (not this session's); once that session logs out, it is not.
        var (access, refresh) = await Client.LoginAsync(ann.Username, ann.Password);
        using var phone = new TestBrowser();
        await (await Client.PostJsonAsync(Path, phone.Subscription(push.Service), access)).ReadJsonAsync(HttpStatusCode.Created);
        var listed = (await (await Client.GetAsync(Path, ann.AccessToken)).ReadJsonAsync()).GetProperty("items");
        Assert.False(Assert.Single(listed.EnumerateArray()).GetProperty("thisSession").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = refresh })).StatusCode);
        Assert.Empty(await ListAsync(ann));
        Assert.Equal(1, await RowsAsync(ann.Id));
        // auth-housekeeping then deletes it: a logged-out browser's endpoint is not kept.
        await App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AuthHousekeepingJob.JobName).RunAsync(App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(0, await RowsAsync(ann.Id));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "endpoint", """{"keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":"https://push.example.net/x","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":"https://fcm.googleapis.com:444/x","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":"https://user:pw@fcm.googleapis.com/x","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":"not a url","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", "{\"endpoint\":\"https://fcm.googleapis.com/" + new string('x', 2100) + "\",\"keys\":{\"p256dh\":\"P\",\"auth\":\"A\"}}" },
        // .NET's Uri reads these as the URL the browser gave, but they are not it (and the table's CHECK refused the first: a 500).
        { "endpoint", """{"endpoint":"HTTPS://fcm.googleapis.com/fcm/send/x","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":" https://fcm.googleapis.com/fcm/send/x","keys":{"p256dh":"P","auth":"A"}}""" },
        { "endpoint", """{"endpoint":"https://fcm.googleapis.com/fcm/send/x\n","keys":{"p256dh":"P","auth":"A"}}""" },
        { "keys.p256dh", """{"endpoint":"E","keys":{"auth":"A"}}""" },
        { "keys.p256dh", """{"endpoint":"E","keys":{"p256dh":"AAAA","auth":"A"}}""" },
        { "keys.p256dh", """{"endpoint":"E","keys":{"p256dh":"OFFCURVE","auth":"A"}}""" },
        { "keys.p256dh", """{"endpoint":"E","keys":{"p256dh":"not*base64","auth":"A"}}""" },
        { "keys.auth", """{"endpoint":"E","keys":{"p256dh":"P"}}""" },
        { "keys.auth", """{"endpoint":"E","keys":{"p256dh":"P","auth":"AAAAAAAA"}}""" },
        { "keys", """{"endpoint":"E"}""" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_subscriptions_are_refused_with_nothing_written(string field, string template)
    {
        var ann = await Client.RegisterAsync();
        using var browser = new TestBrowser();
        var offCurve = Base64Url.DecodeFromChars(browser.P256dh);
        offCurve[64] ^= 1;
        var body = template.Replace("\"E\"", $"\"{push.Service.Endpoint(browser.Name)}\"").Replace("\"P\"", $"\"{browser.P256dh}\"")
            .Replace("\"A\"", $"\"{browser.AuthText}\"").Replace("OFFCURVE", Base64Url.EncodeToString(offCurve));
        var response = await Client.SendRawAsync(HttpMethod.Post, Path, body, "application/json", ann.AccessToken);
        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0, await RowsAsync(ann.Id));
    }

    [Fact]
    public async Task Push_preferences_start_at_everyone_and_change_only_what_is_sent()
    {
        const string prefs = "/api/v1/users/me/push-preferences";
        var ann = await Client.RegisterAsync();
        var initial = await (await Client.GetAsync(prefs, ann.AccessToken)).ReadJsonAsync();
        foreach (var member in new[] { "likes", "comments", "mentions", "follows", "followedAccounts", "shopping" })
            Assert.Equal("everyone", initial.GetProperty(member).GetString());

        var changed = await (await Client.SendJsonAsync(HttpMethod.Put, prefs, new { likes = "off", comments = "following" }, ann.AccessToken)).ReadJsonAsync();
        Assert.Equal("off", changed.GetProperty("likes").GetString());
        Assert.Equal("following", changed.GetProperty("comments").GetString());
        var again = await (await Client.SendJsonAsync(HttpMethod.Put, prefs, new { shopping = "off" }, ann.AccessToken)).ReadJsonAsync();
        Assert.Equal("off", again.GetProperty("likes").GetString()); // left out: as it was
        Assert.Equal("off", again.GetProperty("shopping").GetString());

        // Bad values name their member and change nothing.
        await (await Client.SendJsonAsync(HttpMethod.Put, prefs, new { likes = "sometimes", mentions = "off" }, ann.AccessToken)).AssertValidationErrorAsync("likes");
        await (await Client.SendJsonAsync(HttpMethod.Put, prefs, new { shopping = "following" }, ann.AccessToken)).AssertValidationErrorAsync("shopping");
        await (await Client.SendJsonAsync(HttpMethod.Put, prefs, new { followedAccounts = "following" }, ann.AccessToken)).AssertValidationErrorAsync("followedAccounts");
        await (await Client.SendRawAsync(HttpMethod.Put, prefs, """{"likes": 3}""", "application/json", ann.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        var after = await (await Client.GetAsync(prefs, ann.AccessToken)).ReadJsonAsync();
        Assert.Equal(again.ToString(), after.ToString());
        await (await Client.GetAsync(prefs, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var export = await (await Client.GetAsync("/api/v1/users/me/export", ann.AccessToken)).ReadJsonAsync();
        Assert.Equal("following", export.GetProperty("account").GetProperty("pushPreferences").GetProperty("comments").GetString());
    }

    [Fact]
    public async Task Guests_and_non_json_are_refused()
    {
        using var browser = new TestBrowser();
        await (await Client.PostJsonAsync(Path, browser.Subscription(push.Service))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Client.GetAsync(Path, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var ann = await Client.RegisterAsync();
        await (await Client.SendRawAsync(HttpMethod.Post, Path, "endpoint=x", "text/plain", ann.AccessToken)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await Client.SendRawAsync(HttpMethod.Post, Path, "{", "application/json", ann.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await RowsAsync(ann.Id));
    }
}
