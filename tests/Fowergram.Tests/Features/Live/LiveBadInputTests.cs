using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Bad input on every live endpoint: 4xx problem+json, never 500, and nothing written.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveBadInputTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task Invalid_broadcasts_are_400_naming_the_field_and_write_nothing()
    {
        var owner = await _live.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        var cases = new (object Body, string Field)[]
        {
            (new { description = "no title" }, "title"),
            (new { title = "   " }, "title"),
            (new { title = new string('t', 101) }, "title"),
            (new { title = "ok", description = new string('d', 2201) }, "description"),
            (new { title = "ok", scheduledAt = now.AddMinutes(-1) }, "scheduledAt"),
            (new { title = "ok", scheduledAt = now.AddDays(91) }, "scheduledAt"),
        };
        foreach (var (body, field) in cases) await (await _live.CreateAsync(owner, body)).AssertValidationErrorAsync(field);

        await (await _live.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/live", owner, "{\"title\": 5}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _live.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/live", owner, "not json")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _live.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/live", owner, "")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _live.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/live", owner, "{\"title\":\"x\"}", "text/plain"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await _live.PostAsync("/api/v1/live", null, new { title = "anon" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_streams WHERE user_id = @id", new { id = owner.Id }));
        Assert.Equal(100, (await _live.CreateStreamAsync(owner, new string('é', 100))).GetProperty("stream").GetProperty("title").GetString()!.Length);
    }

    [Fact]
    public async Task Bad_ids_pages_and_comments_are_4xx_on_every_route_and_change_nothing()
    {
        var owner = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        foreach (var bad in new[] { "nope", Guid.NewGuid().ToString(), "%20" })
        {
            await (await _live.GetAsync($"/api/v1/live/{bad}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _live.GetAsync($"/api/v1/live/{bad}/comments", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            foreach (var action in new[] { "start", "end", "cancel", "join", "leave" })
                await (await _live.PostAsync($"/api/v1/live/{bad}/{action}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _live.PostAsync($"/api/v1/live/{bad}/comments", viewer, new { content = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        foreach (var query in new[] { "limit=0", "limit=51", "limit=x", "cursor=garbage" })
        {
            await (await _live.GetAsync($"/api/v1/live/mine?{query}", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await _live.GetAsync($"/api/v1/live/following?{query}", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await _live.GetAsync($"/api/v1/live/{id}/comments?{query}", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = " " })).AssertValidationErrorAsync("content");
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = new string('c', 301) })).AssertValidationErrorAsync("content");
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { })).AssertValidationErrorAsync("content");
        await (await _live.Posts.SendRawAsync(HttpMethod.Post, $"/api/v1/live/{id}/comments", viewer, "[1]")).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var path in new[] { "/api/v1/live/mine", "/api/v1/live/following" })
            await (await _live.GetAsync(path, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var action in new[] { "start", "end", "cancel", "join", "leave" })
            await (await _live.PostAsync($"/api/v1/live/{id}/{action}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_comments WHERE stream_id = @id", new { id }));
        Assert.Equal("live", await _live.StatusAsync(id));
        Assert.Equal((0L, 0L, 0L), await _live.StatsAsync(id));
    }
}
