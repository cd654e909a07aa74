using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>The emoji slider sticker (migration 0129): one final response per viewer, the average to the owner and to responders.</summary>
[Collection(ApiCollection.Name)]
public sealed class StorySliderTests(FowergramApp app)
{
    private static readonly object Slider = new { slider = new { question = "  How spicy?  ", emoji = "\U0001F336\uFE0F" } };
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> SlideAsync(Guid id, Person who, object body) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/slider/responses", who, body);

    [Fact]
    public async Task The_average_goes_to_the_owner_and_to_responders_and_the_owner_lists_who_slid_how_far()
    {
        var owner = await _client.NewUserAsync();
        var (first, second, onlooker) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, created) = await _client.CreateStoryAsync(owner, fields: Slider);
        var sticker = created.GetProperty("slider");
        Assert.Equal(("How spicy?", "\U0001F336\uFE0F"), (sticker.GetProperty("question").GetString(), sticker.GetProperty("emoji").GetString()));

        var slid = await (await SlideAsync(id, first, new { value = 0.25 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(0.25m, slid.GetProperty("value").GetDecimal());
        await (await SlideAsync(id, second, new { value = 0.8004 })).ReadJsonAsync(HttpStatusCode.Created); // kept to three decimals
        await _client.SettleAsync(id);

        var mine = await _client.GetJsonAsync($"/api/v1/stories/{id}/slider", first);
        Assert.Equal(0.25m, mine.GetProperty("myValue").GetDecimal());
        Assert.Equal((2L, 0.525m), (mine.GetProperty("results").GetProperty("responseCount").GetInt64(),
            mine.GetProperty("results").GetProperty("average").GetDecimal()));
        Assert.Equal(2L, (await _client.GetJsonAsync($"/api/v1/stories/{id}/slider", owner)).GetProperty("results").GetProperty("responseCount").GetInt64());
        var theirs = await _client.GetJsonAsync($"/api/v1/stories/{id}/slider", onlooker);
        Assert.Equal("How spicy?", theirs.GetProperty("question").GetString());
        Assert.False(theirs.TryGetProperty("results", out _));
        Assert.False(theirs.TryGetProperty("myValue", out _));

        var responses = (await _client.GetJsonAsync($"/api/v1/stories/{id}/slider/responses", owner)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(second.Id, 0.8m), (first.Id, 0.25m)],
            responses.Select(r => (r.GetProperty("user").GetProperty("id").GetGuid(), r.GetProperty("value").GetDecimal())).OrderByDescending(r => r.Item2));
        await (await _client.GetAsync($"/api/v1/stories/{id}/slider/responses", first)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_response_is_final_and_twenty_at_once_by_one_viewer_make_one()
    {
        var owner = await _client.NewUserAsync();
        var (viewer, eager) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Slider);
        await (await SlideAsync(id, viewer, new { value = 1 })).ReadJsonAsync(HttpStatusCode.Created);

        await (await SlideAsync(id, viewer, new { value = 1.0 })).ReadJsonAsync(HttpStatusCode.OK);
        await (await SlideAsync(id, viewer, new { value = 0.5 })).AssertProblemAsync(HttpStatusCode.Conflict);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SlideAsync(id, eager, new { value = 0.4 })));
        Assert.All(all, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(all, r => r.StatusCode == HttpStatusCode.Created);
        await _client.SettleAsync(id);
        Assert.Equal((2L, 1.4m), (await _client.QueryAsync<(long, decimal)>("""
            SELECT st.response_count, st.value_sum FROM story_slider_stats st JOIN story_sliders sl ON sl.id = st.slider_id WHERE sl.story_id = @id
            """, new { id })).Single());
    }

    [Fact]
    public async Task Only_viewers_of_the_live_story_may_slide_and_bad_values_change_nothing()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (stranger, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Slider);
        var (plain, _) = await _client.CreateStoryAsync(owner);

        await (await SlideAsync(id, stranger, new { value = 0.5 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{id}/slider", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SlideAsync(plain, follower, new { value = 0.5 })).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var bad in new object[] { new { value = 1.01 }, new { value = -0.1 }, new { }, new { value = "half" } })
            await (await SlideAsync(id, follower, bad)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await _client.ExecAsync("UPDATE stories SET expires_at = created_at - interval '1 day', created_at = created_at - interval '2 days' WHERE id = @id", new { id });
        await (await SlideAsync(id, follower, new { value = 0.5 })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _client.ScalarAsync<long>(
            "SELECT count(*) FROM story_slider_responses r JOIN story_sliders sl ON sl.id = r.slider_id WHERE sl.story_id = @id", new { id }));
    }

    [Theory]
    [InlineData("""{"question":"Hot?"}""", "slider.emoji")]
    [InlineData("""{"emoji":"🔥"}""", "slider.question")]
    [InlineData("""{"question":"Hot?","emoji":"a"}""", "slider.emoji")]
    [InlineData("""{"question":"Hot?","emoji":"🔥🔥"}""", "slider.emoji")]
    [InlineData("""{"question":"Hot?","emoji":"!"}""", "slider.emoji")]
    public async Task A_slider_without_a_question_or_one_emoji_is_refused(string slider, string field)
    {
        var owner = await _client.NewUserAsync();
        var upload = await _client.UploadAsync(owner);
        var response = await _client.App.Client.SendRawAsync(HttpMethod.Post, "/api/v1/stories",
            $$"""{"uploadId":"{{upload}}","slider":{{slider}}}""", token: _client.TokenOf(owner));
        await response.AssertValidationErrorAsync(field);
    }

    [Theory]
    [InlineData("❤️")]
    [InlineData("👍🏽")]
    [InlineData("🇫🇷")]
    [InlineData("👩‍👩‍👧‍👦")]
    public void One_emoji_may_be_several_code_points(string emoji) =>
        Assert.True(Fowergram.Features.Stories.StickerEmoji.IsOne(emoji));
}
