using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// What the home feed may never show, end to end through the social, account and posts routes: read
/// both before the pipeline ran (the read-time check, checklist item 25) and after (the consumers).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FeedVisibilityTests(FowergramApp app)
{
    private readonly FeedWorld _world = new(app);

    [Fact]
    public async Task Following_brings_the_accounts_recent_posts_and_unfollowing_takes_them_away()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        var older = await _world.PostAsync(friend);
        var newer = await _world.PostAsync(friend);
        await _world.DrainAsync();
        Assert.Empty(await _world.FeedAsync(me));

        await _world.FollowAsync(me, friend);
        await _world.DrainAsync();
        Assert.Equal([newer, older], await _world.FeedAsync(me));
        Assert.Equal(2, await _world.EntriesAsync(me.Id, friend.Id));

        await _world.UnfollowAsync(me, friend);
        Assert.Empty(await _world.FeedAsync(me));
        await _world.DrainAsync();
        Assert.Empty(await _world.FeedAsync(me));
        Assert.Equal(0, await _world.EntriesAsync(me.Id, friend.Id));
    }

    [Fact]
    public async Task A_removed_follower_no_longer_sees_the_removers_posts_in_their_feed()
    {
        var (me, star) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, star);
        var post = await _world.PostAsync(star);
        await _world.DrainAsync();
        Assert.Equal([post], await _world.FeedAsync(me));

        await _world.RemoveFollowerAsync(star, me);
        Assert.Empty(await _world.FeedAsync(me));
        await _world.DrainAsync();
        Assert.Empty(await _world.FeedAsync(me));
        Assert.Equal(0, await _world.EntriesAsync(me.Id, star.Id));
    }

    [Fact]
    public async Task Muting_posts_hides_them_until_unmuted_and_a_stories_only_mute_hides_nothing()
    {
        var (me, loud, storyteller) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, loud);
        await _world.FollowAsync(me, storyteller);
        var loudPost = await _world.PostAsync(loud);
        var storyPost = await _world.PostAsync(storyteller);
        await _world.DrainAsync();

        await _world.MuteAsync(me, loud);
        await _world.MuteAsync(me, storyteller, posts: false, stories: true);
        Assert.Equal([storyPost], await _world.FeedAsync(me));
        await _world.DrainAsync();
        Assert.Equal([storyPost], await _world.FeedAsync(me));

        await _world.UnmuteAsync(me, loud);
        await _world.DrainAsync();
        Assert.Equal([storyPost, loudPost], await _world.FeedAsync(me));
    }

    [Fact]
    public async Task A_block_hides_each_ones_posts_from_the_other_in_both_directions()
    {
        var (blocker, blocked, bystander) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(blocker, blocked);
        await _world.FollowAsync(blocked, blocker);
        await _world.FollowAsync(bystander, blocker);
        var blockersPost = await _world.PostAsync(blocker);
        var blockedsPost = await _world.PostAsync(blocked);
        await _world.DrainAsync();
        Assert.Equal([blockedsPost, blockersPost], await _world.FeedAsync(blocker));
        Assert.Equal([blockedsPost, blockersPost], await _world.FeedAsync(blocked));

        await _world.BlockAsync(blocker, blocked);
        Assert.Equal([blockersPost], await _world.FeedAsync(blocker));
        Assert.Equal([blockedsPost], await _world.FeedAsync(blocked));
        await _world.DrainAsync();

        Assert.Equal([blockersPost], await _world.FeedAsync(blocker));
        Assert.Equal([blockedsPost], await _world.FeedAsync(blocked));
        Assert.Equal((0L, 0L), (await _world.EntriesAsync(blocker.Id, blocked.Id), await _world.EntriesAsync(blocked.Id, blocker.Id)));
        Assert.Equal([blockersPost], await _world.FeedAsync(bystander));

        await _world.UnblockAsync(blocker, blocked); // unblocking restores no follow, so nothing comes back
        await _world.DrainAsync();
        Assert.Equal([blockersPost], await _world.FeedAsync(blocker));
    }

    [Fact]
    public async Task A_block_that_leaves_a_follow_row_behind_still_hides_the_posts()
    {
        var (me, author) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, author);
        await _world.PostAsync(author);
        await _world.DrainAsync();

        await ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = author.Id, b = me.Id }); // blocks win
        Assert.Empty(await _world.FeedAsync(me));
    }

    [Fact]
    public async Task Going_private_keeps_approved_followers_and_shows_nothing_to_requesters_or_a_removed_follower()
    {
        var (author, follower, removed, requester) =
            (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(follower, author);
        await _world.FollowAsync(removed, author);
        var before = await _world.PostAsync(author);
        await _world.DrainAsync();

        await _world.SetPrivateAsync(author, true);
        Assert.Equal("requested", await _world.RequestFollowAsync(requester, author));
        var after = await _world.PostAsync(author);
        await _world.BlockAsync(author, removed); // removing a follower: the block ends the follow …
        await _world.UnblockAsync(author, removed); // … and lifting it does not bring it back
        Assert.Empty(await _world.FeedAsync(removed));
        await _world.DrainAsync();

        Assert.Equal([after, before], await _world.FeedAsync(follower));
        Assert.Empty(await _world.FeedAsync(removed));
        Assert.Empty(await _world.FeedAsync(requester));
        Assert.Equal(0, await _world.EntriesAsync(requester.Id));
    }

    /// <summary>
    /// Checklist item 25's privacy case: a non-follower reached by a public post before the switch (through a repost in
    /// their feed, and a notice of its mention of them) no longer gets it from either read once the author goes private —
    /// read at once after the switch, and again once the pipeline has drained.
    /// </summary>
    [Fact]
    public async Task Going_private_after_fan_out_hides_a_post_from_a_non_followers_feed_and_notices_at_once()
    {
        var (author, reposter, reader) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, reposter);
        var post = await _world.PostAsync(author, $"Sunrise with @{reader.Username}");
        (await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter)).EnsureSuccessStatusCode();
        await _world.DrainAsync();
        Assert.Contains(post, await _world.FeedAsync(reader));
        Assert.Contains(post, await NoticedAsync(reader));

        await _world.SetPrivateAsync(author, true);

        Assert.DoesNotContain(post, await _world.FeedAsync(reader));
        Assert.DoesNotContain(post, await NoticedAsync(reader));
        await _world.DrainAsync();
        Assert.DoesNotContain(post, await _world.FeedAsync(reader));
        Assert.DoesNotContain(post, await NoticedAsync(reader));
    }

    /// <summary>The entities of the reader's notices, and as many as the unread badge counts (every one here is unread).</summary>
    private async Task<List<Guid>> NoticedAsync(TestUser reader)
    {
        var page = await (await _world.SendAsync(HttpMethod.Get, "/api/v1/notifications?limit=50", reader)).ReadJsonAsync();
        var ids = page.GetProperty("items").EnumerateArray()
            .Select(n => n.TryGetProperty("entityId", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetGuid() : Guid.Empty).ToList();
        var unread = await (await _world.SendAsync(HttpMethod.Get, "/api/v1/notifications/unread-count", reader)).ReadJsonAsync();
        Assert.Equal(ids.Count, unread.GetProperty("count").GetInt64());
        return ids;
    }

    [Fact]
    public async Task Deleted_and_archived_posts_leave_every_feed_and_an_unarchived_one_returns()
    {
        var (author, reader) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, author);
        var kept = await _world.PostAsync(author);
        var deleted = await _world.PostAsync(author);
        var archived = await _world.PostAsync(author);
        await _world.DrainAsync();

        await _world.DeletePostAsync(author, deleted);
        await _world.ArchivePostAsync(author, archived);
        Assert.Equal([kept], await _world.FeedAsync(reader));
        Assert.Equal([kept], await _world.FeedAsync(author));
        await _world.DrainAsync();
        Assert.Equal([kept], await _world.FeedAsync(reader));
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, author.Id));

        await _world.UnarchivePostAsync(author, archived);
        await _world.DrainAsync();
        Assert.Equal([archived, kept], await _world.FeedAsync(reader));
        Assert.Equal([archived, kept], await _world.FeedAsync(author));
    }

    [Fact]
    public async Task A_deactivated_author_disappears_from_feeds()
    {
        var (author, reader) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, author);
        await _world.PostAsync(author);
        await _world.DrainAsync();

        await ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = author.Id });
        Assert.Empty(await _world.FeedAsync(reader));
    }

    /// <summary>
    /// The reader met the post through a reposter first, then followed its author: the entry must become the author's, or a
    /// mute, a block or the deactivation of the reposter — nothing to do with the author — took the followed author's post
    /// out of the feed (the entry was kept as the reposter's by the follow's backfill).
    /// </summary>
    [Fact]
    public async Task A_followed_authors_post_met_first_through_a_reposter_stays_when_the_reposter_is_muted_blocked_or_gone()
    {
        var (reader, author, reposter) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, reposter);
        var post = await _world.PostAsync(author);
        await _world.DrainAsync();
        var repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter);
        Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
        await _world.DrainAsync();
        await _world.FollowAsync(reader, author);
        await _world.DrainAsync();
        Assert.Equal([post], await _world.FeedAsync(reader));

        await _world.MuteAsync(reader, reposter);
        Assert.Equal([post], await _world.FeedAsync(reader));
        await ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = reposter.Id });
        Assert.Equal([post], await _world.FeedAsync(reader));
        await ExecuteAsync("UPDATE users SET is_active = true WHERE id = @id", new { id = reposter.Id });
        await _world.BlockAsync(reader, reposter);
        await _world.DrainAsync();
        Assert.Equal([post], await _world.FeedAsync(reader));
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, author.Id)); // the author's path, the one that stands on its own
    }

    /// <summary>
    /// Events arrive out of order (two consumer instances): the repost's fan-out reached a reader who follows both the author
    /// and the reposter before the post's own fan-out did. The post's fan-out makes the entry the author's, so a mute of the
    /// reposter does not take the followed author's post away.
    /// </summary>
    [Fact]
    public async Task A_posts_own_fan_out_arriving_after_a_reposts_makes_the_entry_the_authors()
    {
        var (reader, author, reposter) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, author);
        await _world.FollowAsync(reader, reposter);
        await _world.DrainAsync();
        var post = await _world.PostRowAsync(author, TimeSpan.FromMinutes(1), raise: false); // post.created still on its way
        var repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter);
        Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
        await _world.DrainAsync();
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, reposter.Id)); // the repost's fan-out came first

        await _world.RaisePostCreatedAsync(author, post);
        await _world.DrainAsync();
        await _world.MuteAsync(reader, reposter);
        Assert.Equal([post], await _world.FeedAsync(reader));
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, author.Id));
    }

    /// <summary>
    /// A block raises follow.deleted for each follow it ends and block.created after them, and two consumer instances may
    /// take block.created first. The reader's entries through the blocked account then go as an unfollow's do: a post the
    /// reader still reaches through another account it follows stays, through that account (deleted, it never came back).
    /// </summary>
    [Fact]
    public async Task A_block_taken_before_its_unfollow_keeps_a_post_the_reader_still_reaches_through_another_reposter()
    {
        var (reader, author, blocked, other) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, blocked);
        await _world.FollowAsync(reader, other);
        var post = await _world.PostAsync(author);
        await _world.DrainAsync();
        foreach (var reposter in new[] { blocked, other })
        {
            var repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter);
            Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
            await _world.DrainAsync();
        }
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, blocked.Id)); // the first repost's entry

        await _world.BlockRowAsync(reader, blocked);
        await _world.DrainAsync();
        var (items, _) = await _world.PageAsync(reader);
        var item = Assert.Single(items);
        Assert.Equal(post, item.GetProperty("id").GetGuid());
        Assert.Equal(other.Username, item.GetProperty("repostedBy").GetProperty("username").GetString());
    }

    /// <summary>
    /// A post the reader met through two reposters it follows (not the author) came by the first one's entry. Muting that
    /// reposter's posts hid the post, though the other reposter still brings it: the mute now re-points the entry to the
    /// other path (the read names that reposter), and an unmute changes nothing back. With no other path the entry stays
    /// as it is, hidden while the mute stands and back with the unmute.
    /// </summary>
    [Fact]
    public async Task Muting_the_reposter_a_post_came_through_keeps_it_through_another_followed_reposter()
    {
        var (reader, author, first, second) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        var (lone, loneReader) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(reader, first);
        await _world.FollowAsync(reader, second);
        await _world.FollowAsync(loneReader, lone);
        var post = await _world.PostAsync(author);
        await _world.DrainAsync();
        foreach (var reposter in new[] { first, second, lone })
        {
            var repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter);
            Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
            await _world.DrainAsync();
        }
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, first.Id)); // the first repost's entry

        await _world.MuteAsync(reader, first);
        await _world.MuteAsync(loneReader, lone);
        await _world.DrainAsync();
        var item = Assert.Single((await _world.PageAsync(reader)).Items);
        Assert.Equal(post, item.GetProperty("id").GetGuid());
        Assert.Equal(second.Username, item.GetProperty("repostedBy").GetProperty("username").GetString());
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, second.Id));
        Assert.Empty(await _world.FeedAsync(loneReader)); // muted, and no other path: hidden
        Assert.Equal(1, await _world.EntriesAsync(loneReader.Id, lone.Id)); // but kept for the unmute

        await _world.UnmuteAsync(reader, first);
        await _world.UnmuteAsync(loneReader, lone);
        await _world.DrainAsync();
        Assert.Equal([post], await _world.FeedAsync(reader));
        Assert.Equal([post], await _world.FeedAsync(loneReader));
    }

    /// <summary>
    /// An unfollow re-points an entry to another path the reader follows: a collaborator ranks before a reposter, but not
    /// one whose posts the reader muted — the read would hide the entry through it, and the post with it.
    /// </summary>
    [Fact]
    public async Task An_unfollow_re_points_past_a_path_the_reader_muted()
    {
        var (reader, author, collaborator, first, other) =
            (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        var post = await _world.PostAsync(author);
        await (await _world.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username = collaborator.Username }))
            .EnsureNoContentAsync();
        await (await _world.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{post}/accept", collaborator)).ReadJsonAsync();
        await _world.DrainAsync();
        await _world.FollowAsync(reader, first);
        await _world.DrainAsync();
        var repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", first);
        Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
        await _world.DrainAsync();
        await _world.FollowAsync(reader, collaborator);
        await _world.FollowAsync(reader, other);
        await _world.DrainAsync();
        repost = await _world.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", other);
        Assert.True(repost.IsSuccessStatusCode, await repost.Content.ReadAsStringAsync());
        await _world.DrainAsync();
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, first.Id)); // the first path the reader met it by

        await _world.MuteAsync(reader, collaborator);
        await _world.UnfollowAsync(reader, first);
        await _world.DrainAsync();
        Assert.Equal([post], await _world.FeedAsync(reader));
        Assert.Equal(1, await _world.EntriesAsync(reader.Id, other.Id));
    }

    private static async Task ExecuteAsync(string sql, object args)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }
}
