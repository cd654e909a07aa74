using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// A write that names another account races that account's purge (its users row deleted): the lookup saw the account, the
/// purge committed, then the insert's foreign key failed — a 500. Each write now holds the row from its lookup to its commit,
/// so it waits for the purge and answers 404, with nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountPurgeRaceTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Theory]
    [InlineData("PUT", "/api/v1/users/{0}/mute", "SELECT count(*) FROM mutes WHERE muted_id = @id")]
    [InlineData("PUT", "/api/v1/users/me/close-friends/{0}", "SELECT count(*) FROM close_friends WHERE friend_id = @id")]
    [InlineData("PUT", "/api/v1/users/{0}/restrict", "SELECT count(*) FROM restrictions WHERE restricted_id = @id")]
    [InlineData("PUT", "/api/v1/users/me/stories/hidden-from/{0}", "SELECT count(*) FROM story_hidden_viewers WHERE viewer_id = @id")]
    [InlineData("DELETE", "/api/v1/users/me/suggestions/{0}", "SELECT count(*) FROM suggestion_dismissals WHERE dismissed_id = @id")]
    [InlineData("PUT", "/api/v1/users/{0}/not-interested", "SELECT count(*) FROM discovery_hidden_authors WHERE author_id = @id")]
    [InlineData("PUT", "/api/v1/users/{0}/block", "SELECT count(*) FROM blocks WHERE blocked_id = @id")]
    [InlineData("PUT", "/api/v1/users/me/favorites/{0}", "SELECT count(*) FROM favorites WHERE favorite_id = @id")]
    public async Task A_write_naming_an_account_being_purged_is_a_404_not_a_500(string method, string route, string rows)
    {
        var (me, them) = (await _w.UserAsync(), await _w.UserAsync());
        var db = await TestDatabase.GetAsync();
        await using var purger = await db.OpenConnectionAsync();
        await using var purge = await purger.BeginTransactionAsync();
        await purger.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = them.Id }, purge);

        var writing = _w.SendAsync(new HttpMethod(method), string.Format(route, them.Username), me, new { });
        await TransactionRace.WaitUntilBlockedByAsync(db, purger.ProcessID, writing);
        await purge.CommitAsync();

        await (await writing).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await SocialWorld.ScalarAsync<long>(rows, new { id = them.Id }));
    }
}
