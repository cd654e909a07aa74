using System.Net;
using System.Web;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

[Collection(ApiCollection.Name)]
public sealed class FeedReadTests(FowergramApp app)
{
    private readonly FeedWorld _world = new(app);

    [Fact]
    public async Task Feed_shows_own_and_followed_posts_newest_first_with_author_counts_flags_and_media()
    {
        var (me, friend, stranger, fan) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        var friendOld = await _world.PostAsync(friend, caption: "old one", media: 3);
        var mine = await _world.PostAsync(me);
        var friendHidden = await _world.PostAsync(friend, likesDisabled: true);
        await _world.PostAsync(stranger);
        var myHidden = await _world.PostAsync(me, likesDisabled: true);
        await _world.LikeAsync(me, friendOld);
        await _world.SaveAsync(me, friendOld);
        foreach (var post in new[] { friendOld, friendHidden, myHidden }) await _world.LikeAsync(fan, post);
        await _world.DrainAsync();

        var (items, next) = await _world.PageAsync(me);

        Assert.Null(next);
        Assert.Equal([myHidden, friendHidden, mine, friendOld], items.Select(i => i.GetProperty("id").GetGuid()));
        var old = items[3];
        var author = old.GetProperty("author");
        Assert.Equal((friend.Id, friend.Username, false),
            (author.GetProperty("id").GetGuid(), author.GetProperty("username").GetString(), author.GetProperty("isVerified").GetBoolean()));
        Assert.Equal(("old one", "Chiang Mai", 2L, 0L, true, true),
            (old.GetProperty("caption").GetString(), old.GetProperty("location").GetString(), old.GetProperty("likeCount").GetInt64(),
             old.GetProperty("commentCount").GetInt64(), old.GetProperty("isLiked").GetBoolean(), old.GetProperty("isSaved").GetBoolean()));
        var media = old.GetProperty("media").EnumerateArray().ToList();
        Assert.Equal(["image", "video", "image"], media.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal(["photo 0", "photo 1", "photo 2"], media.Select(m => m.GetProperty("altText").GetString()));
        Assert.Equal([16, 720, 16], media.Select(m => m.GetProperty("height").GetInt32())); // measured: Skia's 24×16 JPEG, a 1280×720 MP4
        Assert.Equal(("photo 0", 15), (media[0].GetProperty("altText").GetString(), media[1].GetProperty("durationSeconds").GetInt32()));
        Assert.All(media, m =>
        {
            var url = new Uri(m.GetProperty("url").GetString()!);
            Assert.StartsWith($"/media/post/{friend.Id:D}/", url.AbsolutePath);
            Assert.Contains("sig=", url.Query);
            Assert.True(m.GetProperty("urlExpiresAt").GetDateTimeOffset() > _world.Now);
        });
        Assert.Equal("video/mp4", HttpUtility.ParseQueryString(new Uri(media[1].GetProperty("url").GetString()!).Query)["ct"]);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(media[0].GetProperty("url").GetString())).StatusCode);
        Assert.False(items[2].GetProperty("isLiked").GetBoolean());
        // A hidden like count is left out for readers, but the author still sees it.
        Assert.False(items[1].TryGetProperty("likeCount", out _));
        Assert.Equal(1, items[0].GetProperty("likeCount").GetInt64());
    }

    [Fact]
    public async Task Media_rows_without_a_validated_type_or_a_server_made_name_are_never_served()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        var post = await _world.PostAsync(friend);
        await _world.DrainAsync();
        var db = await TestDatabase.GetAsync();
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO post_media (id, post_id, blob_name, media_type, display_order)
                VALUES (gen_random_uuid(), @post, 'post/' || @friend || '/' || gen_random_uuid(), 'image', 5);
                INSERT INTO post_media (id, post_id, blob_name, content_type, media_type, display_order)
                VALUES (gen_random_uuid(), @post, '../../etc/passwd', 'image/jpeg', 'image', 6);
                """, new { post, friend = friend.Id });

        var (items, _) = await _world.PageAsync(me);

        Assert.Equal(post, Assert.Single(items).GetProperty("id").GetGuid());
        Assert.Single(items[0].GetProperty("media").EnumerateArray());
    }

    [Fact]
    public async Task Keyset_pages_have_no_duplicates_or_gaps_while_new_posts_arrive()
    {
        var (me, a, b) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, a);
        await _world.FollowAsync(me, b);
        var expected = new List<Guid>();
        for (var i = 0; i < 25; i++) expected.Add(await _world.PostAsync(i % 2 == 0 ? a : b));
        expected.Reverse();
        await _world.DrainAsync();

        var seen = new List<Guid>();
        var (items, cursor) = await _world.PageAsync(me, limit: 10);
        seen.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
        for (var i = 0; i < 3; i++) await _world.PostAsync(i % 2 == 0 ? a : me); // newer than every cursor
        await _world.DrainAsync();
        for (var page = 0; cursor is not null && page < 10; page++)
        {
            (items, cursor) = await _world.PageAsync(me, limit: 10, cursor: cursor);
            seen.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
        }

        Assert.Equal(expected, seen);
        Assert.Equal(28, (await _world.FeedAsync(me, limit: 7)).Distinct().Count());
    }

    [Fact]
    public async Task The_seed_pull_feed_still_answers_and_agrees_with_the_home_feed()
    {
        var (me, a, b) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, a);
        await _world.FollowAsync(me, b);
        for (var i = 0; i < 6; i++) await _world.PostAsync(i % 3 == 0 ? me : i % 3 == 1 ? a : b);
        await _world.ArchivePostAsync(a, await _world.PostAsync(a));
        await _world.DrainAsync();

        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        var pulled = (await conn.QueryAsync<Guid>("SELECT post_id FROM get_user_feed(@me, 50, 0, @at)", new { me = me.Id, at = _world.Now })).ToList();

        Assert.Equal(6, pulled.Count);
        Assert.Equal(pulled, await _world.FeedAsync(me));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=MTIzNA", "cursor")]
    public async Task Bad_paging_input_is_a_validation_problem(string query, string field)
    {
        var me = await _world.UserAsync();
        var response = await app.Client.GetAsync("/api/v1/feed?" + query, me.Token);
        await response.AssertValidationErrorAsync(field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not.a.token")]
    public async Task Feed_requires_a_valid_bearer_token(string? token)
    {
        var response = await app.Client.GetAsync("/api/v1/feed", token);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_new_account_has_an_empty_feed()
    {
        var (items, next) = await _world.PageAsync(await _world.UserAsync());
        Assert.Empty(items);
        Assert.Null(next);
    }
}
