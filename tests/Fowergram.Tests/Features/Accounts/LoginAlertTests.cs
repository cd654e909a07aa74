using System.Net.Http.Json;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Login alerts (docs/accounts.md "Login alerts"): a login from a device with no live session of the account's mails its
/// owner once; logins from a device already signed in do not.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LoginAlertTests(FowergramApp app)
{
    private async Task<string> LoginFromAsync(TestAccount account, string? device)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { login = account.Username, password = account.Password }),
        };
        if (device is not null) request.Headers.TryAddWithoutValidation("User-Agent", device);
        return (await (await app.Client.SendAsync(request)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;
    }

    private async Task<List<TestMail>> AlertsAsync(TestAccount account) =>
        (await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.NewDeviceLogin))
            .Where(m => m.Subject == AccountMails.NewDeviceLoginSubject).ToList();

    [Fact]
    public async Task A_device_with_no_session_is_announced_once_and_again_after_it_logged_out()
    {
        var account = await app.Client.RegisterAsync(); // signed in by registering, from a client that gives no name
        await LoginFromAsync(account, null);
        Assert.Empty(await AlertsAsync(account));

        var phone = await LoginFromAsync(account, "Fowergram-Android/4.2 (Pixel 9)");
        await LoginFromAsync(account, "Fowergram-Android/4.2 (Pixel 9)");
        var alert = Assert.Single(await AlertsAsync(account));
        Assert.Contains("Fowergram-Android/4.2 (Pixel 9)", alert.TextBody);
        Assert.Contains("forgot-password", alert.TextBody);

        (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = phone })).EnsureSuccessStatusCode();
        // The second login's session of the phone is still live: logging one out leaves the device signed in.
        await LoginFromAsync(account, "Fowergram-Android/4.2 (Pixel 9)");
        Assert.Single(await AlertsAsync(account));
    }

    [Fact]
    public async Task A_device_whose_sessions_all_ended_is_new_again()
    {
        var account = await app.Client.RegisterAsync();
        var tablet = await LoginFromAsync(account, "Tablet/1.0");
        (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = tablet })).EnsureSuccessStatusCode();

        await LoginFromAsync(account, "Tablet/1.0");

        Assert.Equal(2, (await AlertsAsync(account)).Count);
    }
}
