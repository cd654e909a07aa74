namespace Fowergram.Tests.DataModel;

/// <summary>get_user_feed (the seed's pull feed) and get_home_feed (keyset page of feed_entries).</summary>
public sealed class FeedFunctionTests
{
    public sealed class FeedRow
    {
        public Guid PostId { get; init; }
        public Guid AuthorId { get; init; }
        public string AuthorUsername { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public long? LikeCount { get; init; }
        public long CommentCount { get; init; }
        public bool IsLiked { get; init; }
    }

    private static Task<List<FeedRow>> FeedAsync(Scenario s, Guid user, int limit = 50, int offset = 0) =>
        s.QueryAsync<FeedRow>("SELECT * FROM get_user_feed(@user, @limit, @offset, @at)", new { user, limit, offset, at = s.Now });

    [Fact]
    public async Task Feed_has_followed_and_own_posts_newest_first_with_counts_and_liked_flag()
    {
        await using var s = await Scenario.StartAsync();
        var (me, friend, privateFriend, stranger) =
            (await s.UserAsync(), await s.UserAsync(), await s.UserAsync(isPrivate: true), await s.UserAsync());
        await s.FollowAsync(me, friend);
        await s.FollowAsync(me, privateFriend); // an approved follow of a private account
        var friendOld = await s.PostAsync(friend, TimeSpan.FromHours(5));
        var mine = await s.PostAsync(me, TimeSpan.FromHours(4));
        var privateOne = await s.PostAsync(privateFriend, TimeSpan.FromHours(3));
        var friendNew = await s.PostAsync(friend, TimeSpan.FromHours(1));
        await s.PostAsync(stranger, TimeSpan.FromMinutes(30));
        await s.PostStatsAsync(friendNew, likes: 7, comments: 2);
        await s.LikeAsync(me, friendNew);

        var feed = await FeedAsync(s, me);

        Assert.Equal([friendNew, privateOne, mine, friendOld], feed.Select(r => r.PostId));
        var top = feed[0];
        Assert.Equal((friend, 7L, 2L, true), (top.AuthorId, top.LikeCount!.Value, top.CommentCount, top.IsLiked));
        Assert.Equal(await s.UsernameAsync(friend), top.AuthorUsername);
        Assert.All(feed.Skip(1), r => Assert.Equal((0L, 0L, false), (r.LikeCount!.Value, r.CommentCount, r.IsLiked)));
    }

    [Fact]
    public async Task Private_account_posts_reach_neither_strangers_nor_pending_requesters()
    {
        await using var s = await Scenario.StartAsync();
        var (owner, stranger, requester, follower) =
            (await s.UserAsync(isPrivate: true), await s.UserAsync(), await s.UserAsync(), await s.UserAsync());
        await s.RequestAsync(requester, owner);
        await s.FollowAsync(follower, owner);
        var post = await s.PostAsync(owner, TimeSpan.FromMinutes(10));

        Assert.Empty(await FeedAsync(s, stranger));
        Assert.Empty(await FeedAsync(s, requester));
        Assert.Equal([post], (await FeedAsync(s, follower)).Select(r => r.PostId));
    }

    [Fact]
    public async Task Blocks_in_either_direction_and_post_mutes_hide_authors()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (blocksMe, blockedByMe, mutedPosts, mutedStoriesOnly) =
            (await s.UserAsync(), await s.UserAsync(), await s.UserAsync(), await s.UserAsync());
        foreach (var author in new[] { blocksMe, blockedByMe, mutedPosts, mutedStoriesOnly })
        {
            await s.FollowAsync(me, author);
            await s.PostAsync(author, TimeSpan.FromMinutes(5));
        }
        await s.BlockAsync(blocksMe, me);
        await s.BlockAsync(me, blockedByMe);
        await s.MuteAsync(me, mutedPosts, posts: true);
        await s.MuteAsync(me, mutedStoriesOnly, posts: false, stories: true);

        Assert.Equal([mutedStoriesOnly], (await FeedAsync(s, me)).Select(r => r.AuthorId));
    }

    [Fact]
    public async Task Deleted_archived_future_posts_and_gone_authors_never_appear()
    {
        await using var s = await Scenario.StartAsync();
        var (me, friend, deactivated, deleted) =
            (await s.UserAsync(), await s.UserAsync(), await s.UserAsync(active: false), await s.UserAsync(deleted: true));
        foreach (var author in new[] { friend, deactivated, deleted }) await s.FollowAsync(me, author);
        var visible = await s.PostAsync(friend, TimeSpan.FromMinutes(9));
        await s.PostAsync(friend, TimeSpan.FromMinutes(8), archived: true);
        await s.PostAsync(friend, TimeSpan.FromMinutes(7), deleted: true);
        await s.PostAsync(friend, TimeSpan.FromMinutes(-5)); // created after `at`
        await s.PostAsync(deactivated, TimeSpan.FromMinutes(6));
        await s.PostAsync(deleted, TimeSpan.FromMinutes(6));

        Assert.Equal([visible], (await FeedAsync(s, me)).Select(r => r.PostId));
    }

    [Fact]
    public async Task Hidden_like_counts_are_null_for_readers_but_not_for_the_author()
    {
        await using var s = await Scenario.StartAsync();
        var (me, friend) = (await s.UserAsync(), await s.UserAsync());
        await s.FollowAsync(me, friend);
        var post = await s.PostAsync(friend, TimeSpan.FromMinutes(1), likesDisabled: true);
        await s.PostStatsAsync(post, likes: 3, comments: 1);

        Assert.Null(Assert.Single(await FeedAsync(s, me)).LikeCount);
        Assert.Equal(3, Assert.Single(await FeedAsync(s, friend)).LikeCount);
    }

    [Fact]
    public async Task Limit_and_offset_page_through_without_overlap()
    {
        await using var s = await Scenario.StartAsync();
        var (me, friend) = (await s.UserAsync(), await s.UserAsync());
        await s.FollowAsync(me, friend);
        var posts = new List<Guid>();
        for (var i = 0; i < 5; i++) posts.Add(await s.PostAsync(friend, TimeSpan.FromMinutes(10 - i)));
        posts.Reverse(); // newest first

        var first = await FeedAsync(s, me, limit: 2, offset: 0);
        var second = await FeedAsync(s, me, limit: 2, offset: 2);
        var last = await FeedAsync(s, me, limit: 2, offset: 4);

        Assert.Equal(posts, first.Concat(second).Concat(last).Select(r => r.PostId));
    }

    private static Task<List<FeedRow>> HomeAsync(Scenario s, Guid user, int limit, FeedRow? after = null) =>
        s.QueryAsync<FeedRow>("SELECT * FROM get_home_feed(@user, @limit, @createdAt, @postId, @at)",
            new { user, limit, createdAt = after?.CreatedAt, postId = after?.PostId, at = s.Now });

    private static Task FanOutAsync(Scenario s, Guid reader, Guid post) => s.ExecAsync("""
        INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
        SELECT @reader, created_at, id, user_id FROM posts WHERE id = @post
        """, new { reader, post });

    [Fact]
    public async Task Home_feed_pages_by_keyset_in_feed_order()
    {
        await using var s = await Scenario.StartAsync();
        var (me, friend) = (await s.UserAsync(), await s.UserAsync());
        await s.FollowAsync(me, friend);
        var posts = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var post = await s.PostAsync(friend, TimeSpan.FromMinutes(10 - i));
            await FanOutAsync(s, me, post);
            posts.Add(post);
        }
        posts.Reverse();

        var page1 = await HomeAsync(s, me, 2);
        var page2 = await HomeAsync(s, me, 2, page1[^1]);
        var page3 = await HomeAsync(s, me, 2, page2[^1]);

        Assert.Equal(posts, page1.Concat(page2).Concat(page3).Select(r => r.PostId));
        Assert.Single(page3);
    }

    [Fact]
    public async Task Home_feed_rechecks_visibility_at_read_time()
    {
        await using var s = await Scenario.StartAsync();
        var me = await s.UserAsync();
        var (kept, unfollowed, blocker, muted, archiver) =
            (await s.UserAsync(), await s.UserAsync(), await s.UserAsync(), await s.UserAsync(), await s.UserAsync());
        var keptPost = Guid.Empty;
        foreach (var author in new[] { kept, unfollowed, blocker, muted, archiver })
        {
            await s.FollowAsync(me, author);
            var post = await s.PostAsync(author, TimeSpan.FromMinutes(3));
            await FanOutAsync(s, me, post);
            if (author == kept) keptPost = post;
        }
        // Changes after fan-out: the entries stay, the reads must not show them.
        await s.ExecAsync("DELETE FROM follows WHERE follower_id = @me AND following_id = @unfollowed", new { me, unfollowed });
        await s.BlockAsync(blocker, me);
        await s.MuteAsync(me, muted);
        await s.ExecAsync("UPDATE posts SET is_archived = true WHERE user_id = @archiver", new { archiver });

        Assert.Equal([keptPost], (await HomeAsync(s, me, 20)).Select(r => r.PostId));
    }
}
