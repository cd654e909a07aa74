using System.Net;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Http;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// A token outlives its account by minutes (docs/accounts.md "Sessions"): the home feed of an account deleted or deactivated
/// since answers it 401 and reads nothing, entries and the pull past the window alike (FeedSql's mark is 'infinity' for a
/// gone reader; only an empty answer costs the reader's check of its own). Until session 54 it served the account its feed.
/// Brought back, the account reads the same feed again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneReaderFeedTests(FowergramApp app)
{
    private readonly FeedWorld _world = new(app);

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_gone_readers_token_reads_no_feed_page_and_the_reader_back_reads_it_all(string gone, string back)
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        var recent = await _world.PostAsync(friend);
        var beyondWindow = await _world.PostRowAsync(friend, TimeSpan.FromDays(40), raise: false);
        await _world.DrainAsync();
        Assert.Equal([recent, beyondWindow], await _world.FeedAsync(me));
        var (_, next) = await _world.PageAsync(me, limit: 1);
        Assert.NotNull(next);

        await SocialWorld.ExecuteAsync(gone, new { id = me.Id });
        foreach (var url in new[] { "/api/v1/feed", $"/api/v1/feed?limit=1&cursor={Uri.EscapeDataString(next)}" })
        {
            using var response = await _world.SendAsync(HttpMethod.Get, url, me);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized && RouteAnswers.IsAcceptable(response),
                $"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }

        await SocialWorld.ExecuteAsync(back, new { id = me.Id });
        Assert.Equal([recent, beyondWindow], await _world.FeedAsync(me));
    }
}
