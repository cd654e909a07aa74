using Fowergram.Features.Social;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// "Followed by …" and the mutual list are found from the smaller side (the caller's followees or the profile's
/// followers, MutualSql): from either side the same accounts, under the same profile rules.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MutualSidesTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Both_sides_name_and_list_the_same_mutuals_and_leave_out_the_blocked_and_the_gone(bool fromFollowers)
    {
        var (me, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        var shown = new List<SocialUser>();
        foreach (var label in new[] { "aa", "bb", "cc" }) shown.Add(await _w.UserAsync(label: label));
        var hidden = new List<SocialUser>(); // each would be named second ("ab…") if it were shown
        for (var i = 0; i < 4; i++) hidden.Add(await _w.UserAsync(label: "ab"));
        foreach (var mutual in shown.Concat(hidden))
        {
            await _w.FollowAsync(me, mutual);
            await _w.FollowApprovedAsync(mutual, star);
        }
        foreach (var extra in await _w.UsersAsync(8))
            if (fromFollowers) await _w.FollowAsync(me, extra);
            else await _w.FollowApprovedAsync(extra, star);
        // A block ends the follows both ways; written straight, the follows stay, so only the read's own rule can hide them.
        await SocialWorld.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @me), (@me, @b)",
            new { me = me.Id, a = hidden[0].Id, b = hidden[1].Id });
        await SocialWorld.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { hidden[2].Id });
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { hidden[3].Id });

        Assert.Equal(fromFollowers, await SocialWorld.ScalarAsync<bool>(MutualSql.FollowersFewer, new { viewer = me.Id, owner = star.Id }));
        var summary = (await _w.ProfileAsync(star, me)).GetProperty("followedBy");
        Assert.Equal(3, summary.GetProperty("count").GetInt64());
        Assert.Equal(shown.Select(f => f.Username), summary.GetProperty("usernames").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal($"Followed by {shown[0].Username}, {shown[1].Username} and 1 other", summary.GetProperty("text").GetString());
        Assert.Equal(SocialWorld.NewestFirst(shown), await _w.IdsAsync($"/api/v1/users/{star.Username}/followers/mutual", me));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Both_sides_page_the_mutual_list_newest_follower_first(bool fromFollowers)
    {
        var (me, star) = (await _w.UserAsync(), await _w.UserAsync());
        var mutuals = await _w.UsersAsync(5);
        foreach (var mutual in mutuals)
        {
            await _w.FollowAsync(me, mutual);
            await _w.FollowAsync(mutual, star);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        foreach (var extra in await _w.UsersAsync(6))
            if (fromFollowers) await _w.FollowAsync(me, extra);
            else await _w.FollowAsync(extra, star);
        Assert.Equal(fromFollowers, await SocialWorld.ScalarAsync<bool>(MutualSql.FollowersFewer, new { viewer = me.Id, owner = star.Id }));

        var first = await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers/mutual?limit=3", me)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers/mutual?limit=3&cursor={Uri.EscapeDataString(cursor!)}", me)).ReadJsonAsync();

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetGuid());
        Assert.Equal(mutuals.Select(m => m.Id).Reverse(), ids);
        Assert.False(second.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String);
    }
}
