using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// A large account's reposts and collaborations, merged on read as its own posts are (docs/feed.md "Large accounts' reposts
/// and collaborations"), on a <see cref="LargeAccountHost"/>.
/// </summary>
public sealed class FeedLargeSharesTests : LargeAccountHost
{
    [Fact]
    public async Task A_large_accounts_repost_reaches_its_followers_named_as_a_repost_in_keyset_order_and_leaves_when_undone()
    {
        var (large, fans) = await ListedLargeAsync();
        var author = await World.UserAsync();
        var older = await PostAsync(author, 50);
        var shared = await PostAsync(author, 40);
        await RepostAsync(large, older);
        await RepostAsync(large, shared);

        var own = (await World.FeedAsync(large)).Single(); // its own post, 60 minutes ago; not its reposts
        Assert.Equal([shared, older, own], await World.FeedAsync(fans[0]));
        foreach (var limit in new[] { 1, 2 }) Assert.Equal([shared, older, own], await World.FeedAsync(fans[0], limit));
        var item = await ItemAsync(fans[0], shared);
        Assert.Equal(author.Username, item.GetProperty("author").GetProperty("username").GetString()); // still the author's post
        Assert.Equal(large.Username, item.GetProperty("repostedBy").GetProperty("username").GetString());
        Assert.Equal(0, await World.EntriesAsync(fans[0].Id)); // merged on read: nothing was fanned out

        await (await World.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{shared}/repost", large)).EnsureNoContentAsync();
        // At read time: the list may still hold the share (the shared database's other hosts may run post.unreposted first).
        Assert.Equal([older, own], await World.FeedAsync(fans[0]));
        await ConsumeAsync(FeedEvents.PostUnreposted, large, new { postId = shared, userId = large.Id });
        Assert.Equal(1L, await ListedSharesAsync(large)); // the consumer takes the ended share off the list
        Assert.Equal([older, own], await World.FeedAsync(fans[0]));
    }

    [Fact]
    public async Task A_reader_who_follows_the_author_or_reaches_the_post_another_way_sees_it_once_and_not_as_a_repost()
    {
        var (large, fans) = await ListedLargeAsync();
        var (author, smallReposter) = (await World.UserAsync(), await World.UserAsync());
        var post = await PostAsync(author, 30);
        await World.FollowRowAsync(fans[0], author);
        await World.FollowRowAsync(fans[1], smallReposter);
        await RepostAsync(large, post);
        await RepostAsync(smallReposter, post); // fanned out to fans[1], through smallReposter

        var item = await ItemAsync(fans[0], post);
        Assert.False(item.TryGetProperty("repostedBy", out _)); // the reader follows the author
        Assert.Equal(1, (await World.FeedAsync(fans[1])).Count(id => id == post));
        Assert.Equal(1, await World.EntriesAsync(fans[1].Id, smallReposter.Id));
        Assert.Contains((await ItemAsync(fans[1], post)).GetProperty("repostedBy").GetProperty("username").GetString(),
            new[] { large.Username, smallReposter.Username });
    }

    [Fact]
    public async Task A_large_collaborators_followers_see_the_collab_post_as_the_authors_until_the_collaboration_ends()
    {
        var (large, fans) = await ListedLargeAsync();
        var author = await World.UserAsync();
        var post = await PostAsync(author, 30);
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username = large.Username }))
            .EnsureNoContentAsync();
        Assert.DoesNotContain(post, await World.FeedAsync(fans[0])); // an invitation is not a collaboration
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{post}/accept", large)).ReadJsonAsync();
        await ConsumeAsync(FeedEvents.PostCollaboratorAdded, large, new { postId = post, collaboratorId = large.Id });

        var item = await ItemAsync(fans[0], post);
        Assert.Equal(author.Username, item.GetProperty("author").GetProperty("username").GetString());
        Assert.False(item.TryGetProperty("repostedBy", out _));
        Assert.Equal([large.Username], item.GetProperty("collaborators").EnumerateArray().Select(c => c.GetProperty("username").GetString()));

        await (await World.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/{large.Username}", large)).EnsureNoContentAsync();
        Assert.DoesNotContain(post, await World.FeedAsync(fans[0])); // at read time, as above
        await ConsumeAsync(FeedEvents.PostCollaboratorRemoved, large, new { postId = post, collaboratorId = large.Id });
        Assert.Equal(0L, await ListedSharesAsync(large));
    }

    [Fact]
    public async Task Merged_shares_obey_the_authors_blocks_privacy_repost_switch_and_deletion_at_read_time()
    {
        var (large, fans) = await ListedLargeAsync();
        var (author, privateAuthor) = (await World.UserAsync(), await World.UserAsync());
        var reposted = await PostAsync(author, 40);
        var coAuthored = await PostAsync(privateAuthor, 30);
        await RepostAsync(large, reposted);
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/posts/{coAuthored}/collaborators", privateAuthor,
            new { username = large.Username })).EnsureNoContentAsync();
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{coAuthored}/accept", large)).ReadJsonAsync();
        await ConsumeAsync(FeedEvents.PostCollaboratorAdded, large, new { postId = coAuthored, collaboratorId = large.Id });
        await World.SetPrivateAsync(privateAuthor, true);
        await World.FollowRowAsync(fans[2], privateAuthor); // an approved follower of the private author

        Assert.Equal([reposted], Shared(await World.FeedAsync(fans[0]))); // not the private author's post
        Assert.Equal([coAuthored, reposted], Shared(await World.FeedAsync(fans[2])));

        await World.BlockAsync(author, fans[2]);
        await World.MuteAsync(fans[1], author);
        Assert.Equal([coAuthored], Shared(await World.FeedAsync(fans[2])));
        Assert.Empty(Shared(await World.FeedAsync(fans[1])));

        await (await World.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed = false })).ReadJsonAsync();
        Assert.Empty(Shared(await World.FeedAsync(fans[0])));
        await (await World.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed = true })).ReadJsonAsync();
        Assert.Equal([reposted], Shared(await World.FeedAsync(fans[0])));

        await World.DeletePostAsync(author, reposted);
        Assert.Empty(Shared(await World.FeedAsync(fans[0])));
        await World.UnfollowAsync(fans[2], large);
        Assert.Empty(Shared(await World.FeedAsync(fans[2])));

        List<Guid> Shared(List<Guid> feed) => feed.Where(id => id == reposted || id == coAuthored).ToList();
    }

    [Fact]
    public async Task A_page_older_than_the_large_accounts_newest_share_skips_its_shares_and_the_listing_keeps_the_newest_post_time()
    {
        var (large, fans) = await ListedLargeAsync();
        var author = await World.UserAsync();
        var recent = await PostAsync(author, 20);
        var old = await PostAsync(author, 90);
        await RepostAsync(large, recent);
        await RepostAsync(large, old); // an older post shared later does not move the mark back

        var recentAt = await ScalarAsync<DateTime>("SELECT created_at FROM posts WHERE id = @recent", new { recent });
        Assert.Equal(recentAt, await ScalarAsync<DateTime?>("SELECT last_shared_at FROM feed_large_authors WHERE user_id = @id",
            new { id = large.Id }));
        var own = (await World.FeedAsync(large)).Single();
        Assert.Equal([recent, own, old], await World.FeedAsync(fans[0], limit: 1));
    }

    /// <summary>
    /// A large collaborator and a large reposter of the same post, both followed by a reader who does not follow the author:
    /// the collaboration is the path the item shows (no reposter named). The reposter has the smaller id and is listed first,
    /// so its candidate comes first among the post's; before 2026-12-06 the shares' DISTINCT ON kept that first row and the
    /// item named the reposter.
    /// </summary>
    [Fact]
    public async Task Of_a_post_one_large_account_co_authored_and_another_reposted_the_collaboration_is_shown_unnamed()
    {
        var (reposter, collaborator) = await SmallerIdFirstAsync();
        await ListedLargeAsync(reposter);
        await ListedLargeAsync(collaborator);
        var reader = await World.UserAsync();
        await World.FollowRowAsync(reader, reposter);
        await World.FollowRowAsync(reader, collaborator);
        var author = await World.UserAsync();
        var post = await PostAsync(author, 30);
        await RepostAsync(reposter, post);
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username = collaborator.Username }))
            .EnsureNoContentAsync();
        await (await World.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{post}/accept", collaborator)).ReadJsonAsync();
        await ConsumeAsync(FeedEvents.PostCollaboratorAdded, collaborator, new { postId = post, collaboratorId = collaborator.Id });

        Assert.Equal(1, (await World.FeedAsync(reader)).Count(id => id == post));
        var item = await ItemAsync(reader, post);
        Assert.False(item.TryGetProperty("repostedBy", out _));
        Assert.Equal([collaborator.Username], item.GetProperty("collaborators").EnumerateArray().Select(c => c.GetProperty("username").GetString()));
    }

    /// <summary>
    /// Two followed large accounts reposted the same post: the item names the same one on every read, the smaller id. The one
    /// with the larger id is listed first (its candidate came first among the post's), the one named before 2026-12-06.
    /// </summary>
    [Fact]
    public async Task Of_a_post_two_followed_large_accounts_reposted_the_one_named_is_the_same_on_every_read()
    {
        var (smaller, larger) = await SmallerIdFirstAsync();
        await ListedLargeAsync(larger);
        await ListedLargeAsync(smaller);
        var reader = await World.UserAsync();
        await World.FollowRowAsync(reader, larger);
        await World.FollowRowAsync(reader, smaller);
        var post = await PostAsync(await World.UserAsync(), 30);
        await RepostAsync(larger, post);
        await RepostAsync(smaller, post);

        for (var read = 0; read < 3; read++)
        {
            var item = await ItemAsync(reader, post);
            Assert.Equal(smaller.Username, item.GetProperty("repostedBy").GetProperty("username").GetString());
        }
        Assert.Equal(1, (await World.FeedAsync(reader)).Count(id => id == post));
    }

    /// <summary>Two new accounts, the one whose id PostgreSQL sorts first (by its bytes, as the hex strings sort) first.</summary>
    private async Task<(TestUser Smaller, TestUser Larger)> SmallerIdFirstAsync()
    {
        var (one, two) = (await World.UserAsync(), await World.UserAsync());
        return string.CompareOrdinal(one.Id.ToString(), two.Id.ToString()) < 0 ? (one, two) : (two, one);
    }

    /// <summary>A large account (threshold 2: three followers) listed by its first post, 60 minutes ago, and its followers.</summary>
    private async Task<(TestUser Large, TestUser[] Fans)> ListedLargeAsync(TestUser? account = null)
    {
        var large = account ?? await World.UserAsync();
        var fans = new[] { await World.UserAsync(), await World.UserAsync(), await World.UserAsync() };
        foreach (var fan in fans) await World.FollowRowAsync(fan, large);
        await PostAsync(large, 60);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM feed_large_authors WHERE user_id = @id", new { id = large.Id }));
        return (large, fans);
    }

    private Task<long> ListedSharesAsync(TestUser large) =>
        ScalarAsync<long>("SELECT count(*) FROM feed_large_shares WHERE user_id = @id", new { id = large.Id });

    /// <summary>A repost over HTTP, then its event through this host's feed-fanout consumer.</summary>
    private async Task RepostAsync(TestUser reposter, Guid post)
    {
        await (await World.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter)).EnsureNoContentAsync();
        await ConsumeAsync(FeedEvents.PostReposted, reposter, new { postId = post, userId = reposter.Id });
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await World.Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    private async Task<JsonElement> ItemAsync(TestUser reader, Guid post) =>
        (await World.PageAsync(reader, limit: 50)).Items.Single(i => i.GetProperty("id").GetGuid() == post);
}
