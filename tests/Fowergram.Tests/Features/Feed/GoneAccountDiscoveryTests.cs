using System.Net;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Http;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// The discovery lists made for one account from what it keeps — explore and the reels tab (its follows, mutes, plays and
/// "not interested"), suggested channels (its follows) — answer the token of an account deleted or deactivated since with
/// 401, as its account suggestions (<c>GET /api/v1/users/me/suggestions</c>) and every own read do: a token outlives its
/// account by minutes (docs/accounts.md "Sessions"). Until session 54 the three served it. Brought back, each is served again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountDiscoveryTests(FowergramApp app)
{
    private static readonly string[] Lists = ["/api/v1/explore", "/api/v1/reels/recommended", "/api/v1/channels/suggested"];

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task Personal_discovery_lists_answer_a_gone_accounts_token_with_401(string gone, string back)
    {
        var world = new SocialWorld(app);
        var user = await world.UserAsync();
        await SocialWorld.ExecuteAsync(gone, new { id = user.Id });

        var served = new List<string>();
        foreach (var url in Lists)
        {
            using var response = await world.GetAsync(url, user);
            if (response.StatusCode is not HttpStatusCode.Unauthorized || !RouteAnswers.IsAcceptable(response))
                served.Add($"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(served.Count == 0, $"Served a gone account's token:\n{string.Join("\n", served)}");

        await SocialWorld.ExecuteAsync(back, new { id = user.Id });
        foreach (var url in Lists)
        {
            using var response = await world.GetAsync(url, user);
            Assert.True(response.StatusCode is HttpStatusCode.OK, $"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }
    }
}
