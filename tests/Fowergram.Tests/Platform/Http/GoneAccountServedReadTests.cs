using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Reads that <see cref="GoneAccountSharedReadTests"/>' walk finds empty or missing for the live account (its world has no
/// "add yours" chain, no upcoming broadcast of a followed account, no trending channel), so it cannot tell whether their
/// statements read nothing for a gone account or only the empty answer's probe refuses it. Here each has something to
/// serve: it is served, then refuses the token once the account is gone (401), then serves it again. docs/accounts.md "Sessions".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountServedReadTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_read_with_something_to_serve_refuses_a_gone_accounts_token(string gone, string back)
    {
        var (reader, host, member) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(reader, host);
        var (chained, _) = await _client.CreateStoryAsync(host, fields: new { addYours = new { prompt = "Your view" } });
        await Created(await _client.SendAsync(HttpMethod.Post, "/api/v1/live", host,
            new { title = "Soon", scheduledAt = app.Clock.GetUtcNow().AddDays(1) }));
        var channel = (await Created(await _client.SendAsync(HttpMethod.Post, "/api/v1/channels", host, new { name = "Trending now" })))
            .GetProperty("id").GetGuid();
        Assert.True((await _client.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/join", member)).IsSuccessStatusCode);

        var reads = new Dictionary<string, Func<JsonElement, bool>>
        {
            [$"/api/v1/stories/{chained}/add-yours"] = json => json.GetProperty("items").GetArrayLength() > 0,
            ["/api/v1/live/upcoming"] = json => json.GetProperty("items").GetArrayLength() > 0,
            ["/api/v1/channels/trending?limit=50"] = json => json.GetProperty("items").GetArrayLength() > 0,
        };
        foreach (var (path, hasItems) in reads) Assert.True(hasItems(await _client.GetJsonAsync(path, reader)), $"{path} served nothing to judge");

        await _client.ExecAsync(gone, new { id = reader.Id });
        var served = new List<string>();
        foreach (var path in reads.Keys)
        {
            using var response = await _client.GetAsync(path, reader);
            if (response.StatusCode is not HttpStatusCode.Unauthorized || !RouteAnswers.IsAcceptable(response))
                served.Add($"{path} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(served.Count == 0, $"Served a gone account's token:\n{string.Join("\n", served)}");

        await _client.ExecAsync(back, new { id = reader.Id });
        foreach (var (path, hasItems) in reads) Assert.True(hasItems(await _client.GetJsonAsync(path, reader)), $"{path} not served once the account is back");
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response) => await response.ReadJsonAsync(HttpStatusCode.Created);
}
