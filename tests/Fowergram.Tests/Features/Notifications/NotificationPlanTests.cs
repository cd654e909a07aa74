using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// The notices' page and badge run under the generic plan (GenericPlan): planning their visibility filter cost 7.5–25 ms a
/// request on the benchmark dataset while running it cost well under 1 ms, and PostgreSQL never chose the generic plan on
/// its own. Seen on the host's own session: a pool of one connection, so the test reads the prepared statements the
/// requests left there (pg_prepared_statements counts each statement's generic and custom plans).
/// </summary>
public sealed class NotificationPlanTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b => b.Configuration["ConnectionStrings:Fowergram"] =
        TestDatabase.ConnectionString + ";Maximum Pool Size=1;Max Auto Prepare=128;Auto Prepare Min Usages=2");

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_notices_page_and_badge_are_never_planned_afresh_and_leave_the_session_as_they_found_it()
    {
        var posts = new PostsClient(_app);
        var reader = await posts.NewUserAsync();
        for (var i = 0; i < 4; i++)
        {
            (await posts.GetAsync("/api/v1/notifications", reader)).EnsureSuccessStatusCode();
            (await posts.GetAsync("/api/v1/notifications/unread-count", reader)).EnsureSuccessStatusCode();
        }

        await using var conn = await _app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var plans = (await conn.QueryAsync<(string Statement, long Generic, long Custom)>(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM notifications n%'")).ToList();
        Assert.Equal(2, plans.Count); // the page and the badge
        Assert.All(plans, p => Assert.True(p.Custom == 0 && p.Generic >= 2, $"{p.Generic} generic, {p.Custom} custom plans: {p.Statement[..80]}"));
        Assert.Equal("auto", await conn.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
    }
}
