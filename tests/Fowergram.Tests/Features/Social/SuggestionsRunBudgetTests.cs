using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// suggestions-refresh starts computations for Suggestions:RunBudget only (docs/social-graph.md "Suggestions"), so a backlog
/// does not run past the host's function time limit. The host's budget is its least, a second, as are its timeouts, so that
/// one computation made to wait on a held row spends it. The job takes every due run of the database, so the class runs
/// alone (the other suggestions classes' jobs would compute its users' lists, and its job theirs).
/// </summary>
[Collection(TableLockCollection.Name)]
public sealed class SuggestionsRunBudgetTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Suggestions:InlineGraphLimit"] = "0";
        b.Configuration["Suggestions:ComputeTimeout"] = "00:00:01";
        b.Configuration["Suggestions:SampleTimeout"] = "00:00:01";
        b.Configuration["Suggestions:RunBudget"] = "00:00:01";
        b.Configuration["Auth:AccessTokenLifetime"] = "3.00:00:00";
    });
    private SocialWorld _w = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _w = new SocialWorld(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<int> RunJobAsync(CancellationToken ct = default) =>
        ((SuggestionsRefreshJob)_app.Services.GetServices<IScheduledJob>().Single(j => j.Name == SuggestionsRefreshJob.JobName))
        .RefreshAsync(_app.Clock.GetUtcNow(), ct);

    private static Task<DateTimeOffset?> ComputedAtAsync(SocialUser user) =>
        SocialWorld.ScalarAsync<DateTimeOffset?>("SELECT computed_at FROM user_suggestion_runs WHERE user_id = @Id", new { user.Id });

    [Fact]
    public async Task A_run_that_spent_its_budget_starts_no_more_lists_and_the_next_run_computes_them()
    {
        var (slow, other, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(friend, candidate);
        foreach (var u in new[] { slow, other })
        {
            await _w.FollowAsync(u, friend);
            await _w.GetAsync("/api/v1/users/me/suggestions", u);
            // One due run at a time (and any left due by earlier tests): a run always starts its first list, however loaded the machine.
            for (var run = 0; run < 5 && await ComputedAtAsync(u) is null; run++) await RunJobAsync();
        }
        var firstComputedAt = await ComputedAtAsync(other);
        Assert.NotNull(firstComputedAt);
        _app.Clock.Advance(new SuggestionsOptions().FreshFor);
        foreach (var u in new[] { slow, other }) await _w.GetAsync("/api/v1/users/me/suggestions", u); // both due again
        // The slow user's run is the oldest due, so the job takes it first.
        await SocialWorld.ExecuteAsync("UPDATE user_suggestion_runs SET due_at = '2000-01-01' WHERE user_id = @Id", new { slow.Id });

        // Its computation waits on a row of its old list that another transaction holds, past the one-second timeouts and
        // so past the one-second budget: the run ends there, and the other user's run, claimed in the same batch, stays due.
        await using (var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync())
        await using (var holder = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("SELECT 1 FROM user_suggestions WHERE user_id = @Id FOR UPDATE", new { slow.Id }, holder);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal(0, await RunJobAsync(bound.Token));
            await holder.RollbackAsync();
        }
        Assert.Equal(firstComputedAt, await ComputedAtAsync(other));
        Assert.Equal(1L, await SocialWorld.ScalarAsync<long>(
            "SELECT count(*) FROM user_suggestion_runs WHERE user_id = @Id AND due_at <= @now", new { other.Id, now = _app.Clock.GetUtcNow() }));

        Assert.True(await RunJobAsync() >= 1);
        Assert.True(await ComputedAtAsync(other) > firstComputedAt);
    }
}
