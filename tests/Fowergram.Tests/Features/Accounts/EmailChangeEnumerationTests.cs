using System.Net;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// PUT /users/me/email answers 409 for another account's address and 202 (with a mail) for a free one. Until 2026-12-07 the
/// 409 was judged before the mail limit and counted nothing, so any account could tell used addresses from free ones without
/// end — around the registration's limit on the same answer (docs/accounts.md "Registration and taken addresses"). The 409
/// now counts under the account's confirmation-mail limit, and once that is spent every address gets the same 429.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmailChangeEnumerationTests(FowergramApp app)
{
    private int MailLimit => app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.MailRequestsPerWindow;

    private Task<HttpResponseMessage> ChangeAsync(TestAccount account, string email) =>
        app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email, password = account.Password }, account.AccessToken);

    [Fact]
    public async Task Answers_that_an_address_is_another_accounts_count_under_the_mail_limit_and_then_every_address_gets_the_same_429()
    {
        var (prober, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        for (var i = 0; i < MailLimit; i++) await (await ChangeAsync(prober, other.Email)).AssertProblemAsync(HttpStatusCode.Conflict);

        var used = await (await ChangeAsync(prober, other.Email)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var free = await (await ChangeAsync(prober, $"free-{Guid.NewGuid():N}@example.com")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(used.GetProperty("detail").GetString(), free.GetProperty("detail").GetString());
        await (await ChangeAsync(prober, prober.Email)).AssertProblemAsync(HttpStatusCode.TooManyRequests); // the limit before anything else
    }
}
