using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class EmailVerificationTests(FowergramApp app)
{
    private const string Subject = "Confirm your e-mail";

    private Task<HttpResponseMessage> VerifyAsync(string token) => app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token });

    [Fact]
    public async Task Registration_mail_goes_through_the_pipeline_and_its_token_verifies_the_address()
    {
        var account = await app.Client.RegisterAsync();

        var mail = Assert.Single(await TestMailbox.DeliverAsync(app, account));
        Assert.Contains(Subject, mail.Subject);
        Assert.Contains("http://localhost:7071/verify-email?token=", mail.TextBody);
        var token = TestMailbox.TokenIn(mail);

        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(token)).StatusCode);
        Assert.True((await app.Client.MeAsync(account.AccessToken)).GetProperty("emailVerified").GetBoolean());
        var (access, _) = await app.Client.LoginAsync(account.Email, account.Password);
        Assert.True((await app.Client.MeAsync(access)).GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task Only_the_hash_of_the_mailed_token_is_stored()
    {
        var account = await app.Client.RegisterAsync();
        var token = await TestMailbox.TokenAsync(app, account, Subject);
        var stored = await AccountsDb.ScalarAsync<string>("SELECT token_hash FROM email_verifications WHERE user_id = @Id", new { account.Id });
        Assert.NotEqual(token, stored);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), stored);
    }

    [Fact]
    public async Task Verification_token_works_only_once()
    {
        var account = await app.Client.RegisterAsync();
        var token = await TestMailbox.TokenAsync(app, account, Subject);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(token)).StatusCode);
        await (await VerifyAsync(token)).AssertValidationErrorAsync("token");
    }

    [Fact]
    public async Task Concurrent_uses_of_one_token_verify_once()
    {
        var account = await app.Client.RegisterAsync();
        var token = await TestMailbox.TokenAsync(app, account, Subject);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => VerifyAsync(token)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.NoContent), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_token_is_a_400_on_token(string token)
    {
        await (await VerifyAsync(token)).AssertValidationErrorAsync("token");
    }

    [Fact]
    public async Task Asking_again_sends_another_mail_with_a_fresh_token()
    {
        var account = await app.Client.RegisterAsync();
        var first = await TestMailbox.TokenAsync(app, account, Subject);

        var response = await app.Client.PostJsonAsync("/api/v1/auth/email/verification", new { }, account.AccessToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mails = await TestMailbox.DeliverAsync(app, account);
        Assert.Equal(2, mails.Count);
        var second = mails.Select(TestMailbox.TokenIn).Single(t => t != first);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Asking_again_when_already_verified_is_a_409()
    {
        var account = await app.Client.RegisterAsync();
        await VerifyAsync(await TestMailbox.TokenAsync(app, account, Subject));
        var response = await app.Client.PostJsonAsync("/api/v1/auth/email/verification", new { }, account.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Verification_request_that_arrives_after_verification_sends_nothing()
    {
        var account = await app.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(await TestMailbox.TokenAsync(app, account, Subject))).StatusCode);

        // As if a resend request had raced the verification: its event is delivered after it.
        var db = await TestDatabase.GetAsync();
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(conn, tx, app.Clock, AccountEvents.EmailVerificationRequested, account.Id, new AccountEventPayload(account.Id), default);
            await tx.CommitAsync();
        }
        Assert.Single(await TestMailbox.DeliverAsync(app, account));
    }
}
