using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Profile visits (docs/insights.md "Profile visits"): a signed-in account's look at someone else's profile, once per UTC
/// day, counted in the owner's insights without naming anyone; the visitor's export lists the profiles it opened.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProfileVisitsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<(long Visits, long Accounts)> VisitsAsync(TestUser owner, string query = "")
    {
        var profile = (await (await _posts.GetAsync($"/api/v1/users/me/insights{query}", owner)).ReadJsonAsync()).GetProperty("profile");
        return (profile.GetProperty("visits").GetInt64(), profile.GetProperty("accounts").GetInt64());
    }

    private async Task VisitAsync(TestUser owner, TestUser? visitor, HttpStatusCode expected = HttpStatusCode.OK) =>
        Assert.Equal(expected, (await _posts.GetAsync($"/api/v1/users/{owner.Username}", visitor)).StatusCode);

    private Task<long> RowsAsync(TestUser owner) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM profile_visits WHERE user_id = @id", new { id = owner.Id });

    [Fact]
    public async Task Each_account_counts_once_a_day_and_the_owner_anonymous_readers_and_blocked_accounts_not_at_all()
    {
        var (owner, fan, passerby, blocked) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.BlockAsync(owner, blocked);

        await VisitAsync(owner, fan);
        await VisitAsync(owner, fan);
        await VisitAsync(owner, passerby);
        await VisitAsync(owner, owner);
        await VisitAsync(owner, null);
        await VisitAsync(owner, blocked, HttpStatusCode.NotFound);

        Assert.Equal((2L, 2L), await VisitsAsync(owner));
        Assert.Equal(2L, await RowsAsync(owner));
        // The visitors looked at the owner: nothing is counted the other way round.
        Assert.Equal((0L, 0L), await VisitsAsync(fan));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_gone_accounts_look_is_no_visit(string gone)
    {
        // A deleted, deactivated or suspended account's token outlives it by minutes; its looks are no visits, as its
        // reports of posts shown are no impressions (LiveCaller), and the owner never counts an account that is not there.
        var (owner, ghost) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.ExecuteAsync(gone, new { id = ghost.Id });

        await _posts.GetAsync($"/api/v1/users/{owner.Username}", ghost);

        Assert.Equal(0L, await RowsAsync(owner));
        Assert.Equal((0L, 0L), await VisitsAsync(owner));
    }

    [Fact]
    public async Task The_window_counts_visits_by_utc_day_and_an_account_on_several_days_once_among_the_accounts()
    {
        var (owner, fan, earlier) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Visits of other days written directly: the shared clock is not moved back for one test.
        foreach (var (visitor, daysAgo) in new[] { (fan, 3), (fan, 10), (earlier, 40) })
            await _posts.ExecuteAsync("INSERT INTO profile_visits (user_id, day, visitor_id) VALUES (@owner, @day, @visitor)",
                new { owner = owner.Id, day = today.AddDays(-daysAgo), visitor = visitor.Id });
        await VisitAsync(owner, fan);

        Assert.Equal((1L, 1L), await VisitsAsync(owner, "?days=1"));
        Assert.Equal((2L, 1L), await VisitsAsync(owner, "?days=7"));
        Assert.Equal((3L, 1L), await VisitsAsync(owner));
        Assert.Equal((4L, 2L), await VisitsAsync(owner, "?days=90"));
    }

    [Fact]
    public async Task The_visitors_export_lists_the_profiles_it_opened_and_the_owners_does_not_name_its_visitors()
    {
        var (owner, visitor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await VisitAsync(owner, visitor);

        var visits = (await (await _posts.GetAsync("/api/v1/users/me/export", visitor)).ReadJsonAsync()).GetProperty("profileVisits");
        var visit = Assert.Single(visits.EnumerateArray());
        Assert.Equal(owner.Username, visit.GetProperty("username").GetString());
        Assert.Equal(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), visit.GetProperty("day").GetString());
        var ownersExport = await (await _posts.GetAsync("/api/v1/users/me/export", owner)).ReadJsonAsync();
        Assert.Empty(ownersExport.GetProperty("profileVisits").EnumerateArray());
        Assert.DoesNotContain(visitor.Username, (await (await _posts.GetAsync("/api/v1/users/me/insights", owner)).Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// The visit stays in the visitor's export (its own act), but across a block either way the profile is not named: the
    /// visitor may not see it (its current name included), and a name on one side only would tell who blocked whom. Lifted,
    /// the name is back. Until 2026-12-07 the current name was exported across a block.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_visitors_export_names_no_profile_across_a_block_either_way(bool ownerBlocks)
    {
        var (owner, visitor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await VisitAsync(owner, visitor);
        var (blocker, blocked) = ownerBlocks ? (owner, visitor) : (visitor, owner);
        await _posts.BlockAsync(blocker, blocked);

        var visit = Assert.Single(await ExportedVisitsAsync(visitor));
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("username").ValueKind);
        Assert.Equal(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), visit.GetProperty("day").GetString());

        await _posts.ExecuteAsync("DELETE FROM blocks WHERE blocker_id = @a AND blocked_id = @b", new { a = blocker.Id, b = blocked.Id });
        Assert.Equal(owner.Username, Assert.Single(await ExportedVisitsAsync(visitor)).GetProperty("username").GetString());
    }

    private async Task<List<JsonElement>> ExportedVisitsAsync(TestUser visitor) =>
        (await (await _posts.GetAsync("/api/v1/users/me/export", visitor)).ReadJsonAsync()).GetProperty("profileVisits").EnumerateArray().ToList();
}
