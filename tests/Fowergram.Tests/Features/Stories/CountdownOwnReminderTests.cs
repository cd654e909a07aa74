using System.Net;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// An author may ask to be reminded of their own countdown (docs/stories.md "Left open on purpose"), and the story-countdowns
/// job answers it with the author's own notice, never a countdown_ended one from themselves: that notice broke
/// notifications_not_self (actor = recipient), the job's transaction failed and, the countdown staying due and first in line,
/// every later run failed on it too — no countdown of anyone's was announced again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CountdownOwnReminderTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == StoryCountdownsJob.JobName);

    private async Task<Guid> EndedAsync(Person owner, string title, params Person[] reminded)
    {
        var (story, _) = await _client.CreateStoryAsync(owner, fields: new { countdown = new { title, endsAt = app.Clock.GetUtcNow().AddHours(3) } });
        foreach (var who in reminded)
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/countdown/reminder", who)).StatusCode);
        await _client.ExecAsync("""
            UPDATE story_countdowns SET created_at = @now - interval '5 hours', ends_at = @now - interval '1 hour' WHERE story_id = @story
            """, new { story, now = app.Clock.GetUtcNow() });
        return story;
    }

    [Fact]
    public async Task An_author_reminded_of_their_own_countdown_gets_their_own_notice_and_the_job_announces_every_countdown()
    {
        var (owner, fan, other) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var own = await EndedAsync(owner, "Launch day", owner, fan);
        var others = await EndedAsync(other, "Tour starts", fan);
        // The author's count is of the others who asked, as the notice below counts them (until session 57 it counted the author too).
        var view = await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/stories/{own}/countdown", owner)).ReadJsonAsync();
        Assert.Equal((true, 1L), (view.GetProperty("isReminderSet").GetBoolean(), view.GetProperty("reminderCount").GetInt64()));
        try
        {
            await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

            Assert.Equal(0L, await _client.ScalarAsync<long>(
                "SELECT count(*) FROM story_countdowns WHERE story_id = ANY(@stories) AND notified_at IS NULL", new { stories = new[] { own, others } }));
            Assert.Equal(2L, await _client.ScalarAsync<long>(
                "SELECT count(*) FROM notifications WHERE user_id = @fan AND type = 'countdown_ended'", new { fan = fan.Id }));
            Assert.Equal(0L, await _client.ScalarAsync<long>(
                "SELECT count(*) FROM notifications WHERE user_id = @owner AND type = 'countdown_ended'", new { owner = owner.Id }));
            // The author's reminder is answered by the author's notice, which counts the others who asked.
            Assert.Equal("Your countdown \"Launch day\" has ended; 1 person was reminded.", await _client.ScalarAsync<string>(
                "SELECT message FROM notifications WHERE user_id = @owner AND type = 'system' AND entity_id = @own", new { owner = owner.Id, own }));
        }
        finally
        {
            // Never leave a countdown due behind (without the fix it stays due and fails every later run of the shared job).
            await _client.ExecAsync("UPDATE story_countdowns SET notified_at = ends_at WHERE story_id = ANY(@stories) AND notified_at IS NULL",
                new { stories = new[] { own, others } });
        }
    }
}
