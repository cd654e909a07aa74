using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// The owner ends a session someone else holds; that session's access token lives on for up to Auth:SessionCheckInterval on
/// other instances (docs/accounts.md "Ending a session at once"), and a request of it may be in flight. Until 2026-12-07 such
/// a request could still end the owner's own sessions ("log out of other sessions", or one by id): the one signed out signed
/// the owner out in return. Ending sessions now holds the caller's own session live in its transaction, and answers 401 when
/// it has ended. The interleaving is forced: the owner's ending has not committed when the other request reaches the
/// sessions lock, and commits while it waits.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndedSessionEndingTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<(Guid Taker, Guid Owner)> SessionIdsAsync(string takerToken)
    {
        var items = (await (await app.Client.GetAsync("/api/v1/users/me/sessions", takerToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        return (items.Single(i => i.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid(),
            items.Single(i => !i.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("others")]
    [InlineData("one")]
    public async Task A_session_ended_while_its_request_waits_ends_none_of_the_owners(string which)
    {
        var taker = await app.Client.RegisterAsync();
        var (ownerAccess, _) = await app.Client.LoginAsync(taker.Username, taker.Password);
        var (takerSession, ownerSession) = await SessionIdsAsync(taker.AccessToken);

        // The owner ends the taker's session, as DELETE /users/me/sessions/{id} does, and has not committed yet.
        await using var ownerConn = await _posts.Db.OpenConnectionAsync();
        await using var ownerTx = await ownerConn.BeginTransactionAsync();
        await ownerConn.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('account_sessions'), hashtext(@id::text))", new { id = taker.Id }, ownerTx);
        await ownerConn.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @takerSession AND revoked_at IS NULL",
            new { now = app.Clock.GetUtcNow(), takerSession }, ownerTx);
        var ending = which == "others"
            ? app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/sessions", null, taker.AccessToken)
            : app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{ownerSession}", null, taker.AccessToken);
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, ownerConn.ProcessID, ending);
        await ownerTx.CommitAsync();

        var refused = await ending;
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE family_id = @ownerSession AND revoked_at IS NOT NULL",
            new { ownerSession }));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/users/me/sessions", ownerAccess)).StatusCode);
    }
}
