using System.Net;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>GET /stories/{id}/insights (docs/insights.md): what one story received, for its author alone.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryInsightsTests(FowergramApp app)
{
    private readonly StoryClient _stories = new(app);

    [Fact]
    public async Task The_author_sees_views_reactions_replies_and_sticker_answers_and_nobody_else_sees_anything()
    {
        var author = await _stories.NewUserAsync();
        var (fan, critic, stranger) = (await _stories.NewUserAsync(), await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var (id, _) = await _stories.CreateStoryAsync(author, fields: new { poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" } });
        foreach (var (who, option) in new[] { (fan, 1), (critic, 2) })
        {
            (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", who)).EnsureSuccessStatusCode();
            (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/poll/votes", who, new { option })).EnsureSuccessStatusCode();
        }
        (await _stories.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", fan, new { type = "fire" })).EnsureSuccessStatusCode();
        (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/replies", critic, new { text = "Coffee, always" })).EnsureSuccessStatusCode();
        await _stories.SettleAsync(id);

        var insights = await _stories.GetJsonAsync($"/api/v1/stories/{id}/insights", author);

        Assert.Equal((2L, 1L, 1L, 0L, 0L), (insights.GetProperty("views").GetInt64(), insights.GetProperty("reactions").GetInt64(),
            insights.GetProperty("replies").GetInt64(), insights.GetProperty("shares").GetInt64(), insights.GetProperty("reshares").GetInt64()));
        var stickers = insights.GetProperty("stickers");
        Assert.Equal((2L, 0L, 2L), (stickers.GetProperty("pollVotes").GetInt64(), stickers.GetProperty("quizAnswers").GetInt64(),
            stickers.GetProperty("total").GetInt64()));
        Assert.Equal(4L, insights.GetProperty("interactions").GetInt64()); // the reaction, the reply and two votes
        foreach (var other in new[] { fan, stranger })
            await (await _stories.GetAsync($"/api/v1/stories/{id}/insights", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _stories.GetAsync($"/api/v1/stories/{id}/insights", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _stories.GetAsync("/api/v1/stories/not-an-id/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The author may ask to be reminded of their own countdown, which counts in nothing shown (docs/stories.md "Answering
    /// one's own story"): not in the owner's reminderCount nor in the count of the author's own end notice. Until 2026-12-07
    /// the story's insights counted it as a sticker answer and an interaction.
    /// </summary>
    [Fact]
    public async Task The_authors_own_countdown_reminder_counts_in_no_insight()
    {
        var (author, fan) = (await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var (id, _) = await _stories.CreateStoryAsync(author,
            fields: new { countdown = new { title = "Launch day", endsAt = app.Clock.GetUtcNow().AddDays(2) } });
        foreach (var who in new[] { author, fan })
            (await _stories.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/countdown/reminder", who)).EnsureSuccessStatusCode();

        var insights = await _stories.GetJsonAsync($"/api/v1/stories/{id}/insights", author);

        var stickers = insights.GetProperty("stickers");
        Assert.Equal((1L, 1L), (stickers.GetProperty("countdownReminders").GetInt64(), stickers.GetProperty("total").GetInt64()));
        Assert.Equal(1L, insights.GetProperty("interactions").GetInt64());
        Assert.Equal(1L, (await _stories.GetJsonAsync($"/api/v1/stories/{id}/countdown", author)).GetProperty("reminderCount").GetInt64());
    }

    [Fact]
    public async Task An_expired_story_keeps_its_insights_and_a_deleted_one_has_none()
    {
        var author = await _stories.NewUserAsync();
        var (expired, _) = await _stories.CreateStoryAsync(author);
        var (deleted, _) = await _stories.CreateStoryAsync(author);
        await _stories.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = created_at - interval '1 day' WHERE id = @expired",
            new { expired });
        (await _stories.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{deleted}", author)).EnsureSuccessStatusCode();

        Assert.Equal(expired, (await _stories.GetJsonAsync($"/api/v1/stories/{expired}/insights", author)).GetProperty("id").GetGuid());
        await (await _stories.GetAsync($"/api/v1/stories/{deleted}/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
