using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Username changes under concurrency: renames of one account take turns on its row, and a name's release and its claims
/// take turns on the name's advisory lock, so the limit and the hold hold whatever the interleaving.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UsernameRaceTests(FowergramApp app)
{
    private readonly UsernameClient _names = new(app);

    [Fact]
    public async Task Concurrent_renames_by_one_account_make_at_most_two_changes()
    {
        var account = await app.Client.RegisterAsync();
        var wanted = Enumerable.Range(0, 6).Select(i => TestAccounts.NewUsername($"c{i}")).ToList();
        var responses = await Task.WhenAll(wanted.Select(name => _names.RenameAsync(account, name)));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        var changes = await UsernameClient.ChangesAsync(account.Id);
        Assert.Equal(2, changes.Count);
        Assert.Equal((account.Username, changes[1].Old), (changes[0].Old, changes[0].New)); // one chain, in order
        Assert.Equal(changes[1].New, await _names.CurrentAsync(account.Id));
    }

    [Fact]
    public async Task A_name_released_and_claimed_at_once_never_ends_with_someone_else()
    {
        for (var round = 0; round < 4; round++)
        {
            var (owner, rival) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
            var old = owner.Username;
            var answers = await Task.WhenAll(_names.RenameAsync(owner, TestAccounts.NewUsername("n")), _names.RegisterAsync(old),
                _names.RenameAsync(rival, old), _names.RegisterAsync(old));
            Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
            foreach (var claim in answers.Skip(1)) await UsernameClient.AssertTakenAsync(claim);

            // The former owner takes it back while others claim it again.
            answers = await Task.WhenAll(_names.RegisterAsync(old), _names.RenameAsync(owner, old), _names.RenameAsync(rival, old));
            Assert.Equal(HttpStatusCode.OK, answers[1].StatusCode);
            await UsernameClient.AssertTakenAsync(answers[0]);
            await UsernameClient.AssertTakenAsync(answers[2]);
            Assert.Equal([owner.Id], (await AccountsDb.ScalarAsync<Guid[]>("SELECT array_agg(id) FROM users WHERE username = @old", new { old })));
        }
    }

    /// <summary>
    /// The interleaving the HTTP races cannot pin down: a claim made while a rename giving the name up is still open. The
    /// claim waits for the name's lock, then reads the committed hold; without the lock a registration would read no hold
    /// and its INSERT would pass the unique index the moment the rename committed.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_claim_waits_for_a_release_of_the_name_in_flight_and_then_finds_it_held(bool registration)
    {
        var (owner, rival) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (old, renamed, now) = (owner.Username, TestAccounts.NewUsername("n"), app.Clock.GetUtcNow());
        var db = await TestDatabase.GetAsync();
        await using var release = await db.OpenConnectionAsync();
        await using var releaseTx = await release.BeginTransactionAsync();
        var (given, refused) = await UsernameChanges.PrepareRenameAsync(release, releaseTx, owner.Id, renamed, now, default);
        Assert.Equal((old, null), (given, refused));
        await release.ExecuteAsync("UPDATE users SET username = @renamed WHERE id = @Id", new { renamed, owner.Id }, releaseTx);
        await UsernameChanges.RecordAsync(release, releaseTx, app.Clock, owner.Id, old, renamed, now, default);

        await using var claim = await db.OpenConnectionAsync();
        await using var claimTx = await claim.BeginTransactionAsync();
        var claiming = registration
            ? UsernameChanges.FreeForRegistrationAsync(claim, claimTx, old, now, default)
            : UsernameChanges.PrepareRenameAsync(claim, claimTx, rival.Id, old, now, default).ContinueWith(t => t.Result.Problem is null);
        await WaitForLockAsync(db, claim.ProcessID, claiming);
        await releaseTx.CommitAsync();
        Assert.False(await claiming);
    }

    /// <summary>Until the backend is seen waiting on a lock (bounded): proof that the claim did not read before the release committed.</summary>
    private static async Task WaitForLockAsync(NpgsqlDataSource db, int pid, Task claiming)
    {
        await using var conn = await db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!claiming.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<string?>("SELECT wait_event_type FROM pg_stat_activity WHERE pid = @pid", new { pid }) == "Lock") return;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        Assert.Fail("The claim did not wait for the name's lock.");
    }
}
