namespace Fowergram.Tests.DataModel;

/// <summary>get_user_suggestions: friends of friends, ranked by mutuals, never anyone excluded by the graph.</summary>
public sealed class SuggestionFunctionTests
{
    public sealed class SuggestionRow
    {
        public Guid UserId { get; init; }
        public bool IsPrivate { get; init; }
        public long MutualCount { get; init; }
        public string[] MutualUsernames { get; init; } = [];
    }

    private static Task<List<SuggestionRow>> SuggestAsync(Scenario s, Guid user, int limit = 50) =>
        s.QueryAsync<SuggestionRow>("SELECT * FROM get_user_suggestions(@user, @limit)", new { user, limit });

    [Fact]
    public async Task Friends_of_friends_are_ranked_by_mutual_count_with_up_to_three_mutual_names()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync("me");
        var (f1, f2, f3, f4) = (await s.UserAsync("f1"), await s.UserAsync("f2"), await s.UserAsync("f3"), await s.UserAsync("f4"));
        var (popular, liked, known) = (await s.UserAsync("c1"), await s.UserAsync("c2", isPrivate: true), await s.UserAsync("c3"));
        foreach (var f in new[] { f1, f2, f3, f4 }) await s.FollowAsync(me, f);
        foreach (var f in new[] { f1, f2, f3, f4 }) await s.FollowAsync(f, popular);
        foreach (var f in new[] { f1, f2 }) await s.FollowAsync(f, liked);
        await s.FollowAsync(f3, known);

        var suggestions = await SuggestAsync(s, me);

        Assert.Equal([popular, liked, known], suggestions.Select(r => r.UserId));
        Assert.Equal([4L, 2L, 1L], suggestions.Select(r => r.MutualCount));
        Assert.Equal([await s.UsernameAsync(f1), await s.UsernameAsync(f2), await s.UsernameAsync(f3)], suggestions[0].MutualUsernames);
        Assert.Equal([await s.UsernameAsync(f3)], suggestions[2].MutualUsernames);
        Assert.True(suggestions[1].IsPrivate); // private accounts can be suggested (and requested)
        Assert.Equal([popular], (await SuggestAsync(s, me, limit: 1)).Select(r => r.UserId));
    }

    [Fact]
    public async Task Self_followed_requested_blocked_blocking_muted_and_gone_accounts_are_never_suggested()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var friend = await s.UserAsync();
        await s.FollowAsync(me, friend);
        var (followed, requested, blocksMe, blockedByMe, muted, deactivated, deleted, ok) =
            (await s.UserAsync(), await s.UserAsync(), await s.UserAsync(), await s.UserAsync(), await s.UserAsync(),
             await s.UserAsync(active: false), await s.UserAsync(deleted: true), await s.UserAsync());
        await s.FollowAsync(friend, me);
        foreach (var c in new[] { followed, requested, blocksMe, blockedByMe, muted, deactivated, deleted, ok })
            await s.FollowAsync(friend, c);
        await s.FollowAsync(me, followed);
        await s.RequestAsync(me, requested);
        await s.BlockAsync(blocksMe, me);
        await s.BlockAsync(me, blockedByMe);
        await s.MuteAsync(me, muted);

        Assert.Equal([ok], (await SuggestAsync(s, me)).Select(r => r.UserId));
    }

    [Fact]
    public async Task Only_live_unblocked_mutuals_count()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (live, deactivated, blockedFollowee, candidate) =
            (await s.UserAsync(), await s.UserAsync(active: false), await s.UserAsync(), await s.UserAsync());
        foreach (var f in new[] { live, deactivated, blockedFollowee })
        {
            await s.FollowAsync(me, f);
            await s.FollowAsync(f, candidate);
        }
        await s.BlockAsync(blockedFollowee, me);

        var suggestion = Assert.Single(await SuggestAsync(s, me));
        Assert.Equal((candidate, 1L), (suggestion.UserId, suggestion.MutualCount));
        Assert.Equal([await s.UsernameAsync(live)], suggestion.MutualUsernames);
    }
}
