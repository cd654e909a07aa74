using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A confirmation racing a new enrolment (a second tap on "set up", another tab): the confirmation's code is of the secret
/// it read, so it must not turn on a secret that replaced it meanwhile, which no app of the owner's holds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwoFactorEnrolmentRaceTests(FowergramApp app)
{
    [Fact]
    public async Task A_confirmation_never_turns_on_a_secret_that_replaced_the_one_its_code_is_of()
    {
        var account = await app.Client.RegisterAsync();
        var enrolment = await (await app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", new { password = account.Password },
            account.AccessToken)).ReadJsonAsync();
        var code = TwoFactorTests.CodeAt(app, TwoFactorTests.Base32Decode(enrolment.GetProperty("secret").GetString()!), 0);

        // Another enrolment replaces the secret and has not committed when the confirmation reads.
        var db = await TestDatabase.GetAsync();
        await using var other = await db.OpenConnectionAsync();
        await using var replacing = await other.BeginTransactionAsync();
        await other.ExecuteAsync("UPDATE account_two_factor SET secret_sealed = decode(repeat('ab', 40), 'hex'), last_used_step = NULL WHERE user_id = @Id",
            new { account.Id }, replacing);
        var confirming = app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor/confirm", new { code }, account.AccessToken);
        await TransactionRace.WaitUntilBlockedByAsync(db, other.ProcessID, confirming);
        await replacing.CommitAsync();

        await (await confirming).AssertProblemAsync(HttpStatusCode.Conflict); // the secret it now finds is not one this code is of
        var state = await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync();
        Assert.False(state.GetProperty("enabled").GetBoolean());
    }
}
