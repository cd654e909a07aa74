namespace Fowergram.Tests.DataModel;

/// <summary>get_close_friends_stories: the close-friends ring of the story tray.</summary>
public sealed class StoryFunctionTests
{
    public sealed class StoryRow
    {
        public Guid StoryId { get; init; }
        public Guid AuthorId { get; init; }
        public bool IsViewed { get; init; }
    }

    private static async Task<List<Guid>> RingAsync(Scenario s, Guid user) =>
        (await RowsAsync(s, user)).Select(r => r.StoryId).ToList();

    private static Task<List<StoryRow>> RowsAsync(Scenario s, Guid user) =>
        s.QueryAsync<StoryRow>("SELECT * FROM get_close_friends_stories(@user, @at)", new { user, at = s.Now });

    /// <summary>An account the user follows and whose close-friends list contains the user.</summary>
    private static async Task<Guid> CloseFriendOfAsync(Scenario s, Guid me, bool active = true)
    {
        var author = await s.UserAsync(active: active);
        await s.FollowAsync(me, author);
        await s.CloseFriendAsync(author, me);
        return author;
    }

    [Fact]
    public async Task Only_live_close_friends_audience_stories_are_in_the_ring()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var author = await CloseFriendOfAsync(s, me);
        var live = await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(2));
        await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(25));                       // expired
        await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(2), TimeSpan.FromHours(2)); // expires exactly now
        await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(1), deleted: true);
        await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(-1));                       // not yet posted at `at`
        await s.StoryAsync(author, "followers", TimeSpan.FromHours(1));                            // ordinary tray
        await s.StoryAsync(author, "public", TimeSpan.FromHours(1));                               // ordinary tray

        Assert.Equal([live], await RingAsync(s, me));
    }

    [Fact]
    public async Task Authors_who_did_not_list_the_user_or_are_not_followed_are_left_out()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var notListed = await s.UserAsync();
        await s.FollowAsync(me, notListed);
        await s.StoryAsync(notListed, "close_friends", TimeSpan.FromHours(1));
        var notFollowed = await s.UserAsync();
        await s.CloseFriendAsync(notFollowed, me);
        await s.StoryAsync(notFollowed, "close_friends", TimeSpan.FromHours(1));
        var listedMe = await CloseFriendOfAsync(s, me);
        var visible = await s.StoryAsync(listedMe, "close_friends", TimeSpan.FromHours(1));

        Assert.Equal([visible], await RingAsync(s, me));
        Assert.Empty(await RingAsync(s, notListed)); // my list does not make me see theirs
    }

    [Fact]
    public async Task Blocked_story_muted_and_deactivated_authors_are_left_out_but_post_mutes_are_not()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (blocksMe, blockedByMe, storyMuted, postMuted, deactivated) =
            (await CloseFriendOfAsync(s, me), await CloseFriendOfAsync(s, me), await CloseFriendOfAsync(s, me),
             await CloseFriendOfAsync(s, me), await CloseFriendOfAsync(s, me, active: false));
        foreach (var author in new[] { blocksMe, blockedByMe, storyMuted, postMuted, deactivated })
            await s.StoryAsync(author, "close_friends", TimeSpan.FromHours(1));
        await s.BlockAsync(blocksMe, me);
        await s.BlockAsync(me, blockedByMe);
        await s.MuteAsync(me, storyMuted, posts: false, stories: true);
        await s.MuteAsync(me, postMuted, posts: true, stories: false);

        Assert.Equal([postMuted], (await RowsAsync(s, me)).Select(r => r.AuthorId));
    }

    [Fact]
    public async Task Authors_who_hide_their_stories_from_the_user_are_left_out()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (hides, shows) = (await CloseFriendOfAsync(s, me), await CloseFriendOfAsync(s, me));
        await s.StoryAsync(hides, "close_friends", TimeSpan.FromHours(1));
        var visible = await s.StoryAsync(shows, "close_friends", TimeSpan.FromHours(1));
        await s.ExecAsync("INSERT INTO story_hidden_viewers (owner_id, viewer_id) VALUES (@hides, @me)", new { hides, me });

        Assert.Equal([visible], await RingAsync(s, me));
    }

    [Fact]
    public async Task Ring_groups_authors_by_latest_story_and_plays_each_oldest_first_with_seen_flags()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (early, late) = (await CloseFriendOfAsync(s, me), await CloseFriendOfAsync(s, me));
        var early1 = await s.StoryAsync(early, "close_friends", TimeSpan.FromHours(5));
        var late1 = await s.StoryAsync(late, "close_friends", TimeSpan.FromHours(4));
        var early2 = await s.StoryAsync(early, "close_friends", TimeSpan.FromHours(3));
        var late2 = await s.StoryAsync(late, "close_friends", TimeSpan.FromHours(1));
        await s.ViewStoryAsync(late1, me);

        var ring = await RowsAsync(s, me);

        Assert.Equal([late1, late2, early1, early2], ring.Select(r => r.StoryId));
        Assert.Equal([true, false, false, false], ring.Select(r => r.IsViewed));
    }
}
