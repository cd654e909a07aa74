using System.Net;
using Dapper;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>The countdown sticker (migration 0131): reminders set by those who see the story, announced once when it ends.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryCountdownTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private object Countdown(string title = "Album drop", double hours = 3) =>
        new { countdown = new { title, endsAt = app.Clock.GetUtcNow().AddHours(hours) } };

    private Task<HttpResponseMessage> RemindAsync(Guid id, Person who) =>
        _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/countdown/reminder", who);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == StoryCountdownsJob.JobName);

    /// <summary>The countdown ended an hour ago (its creation moved back too, as the table's CHECK wants).</summary>
    private Task EndAsync(Guid storyId) => _client.ExecAsync("""
        UPDATE story_countdowns SET created_at = @now - interval '5 hours', ends_at = @now - interval '1 hour' WHERE story_id = @storyId
        """, new { storyId, now = app.Clock.GetUtcNow() });

    private Task<long> NoticesAsync(Person recipient, Person author) => _client.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @r AND actor_id = @a AND type = 'countdown_ended'", new { r = recipient.Id, a = author.Id });

    /// <summary>
    /// Runs the job just after the end, held between reading who asked to be reminded and its commit (its notice to
    /// <paramref name="reminded"/> waits for that account's row, locked here; nothing else refers to it, so the waiter is the
    /// job); sends <paramref name="meanwhile"/>, which must wait for the job; then lets the job finish and answers the request's response.
    /// </summary>
    private async Task<HttpResponseMessage> AnnouncingAsync(Person reminded, Func<Task<HttpResponseMessage>> meanwhile)
    {
        await using var holder = await _client.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR UPDATE", new { id = reminded.Id }, tx);
        var announcing = Job.RunAsync(app.Clock.GetUtcNow().AddMinutes(2), CancellationToken.None);
        var job = Assert.NotNull(await TransactionRace.BlockedByAsync(_client.Db, holder.ProcessID, announcing));
        var request = meanwhile();
        await TransactionRace.WaitUntilBlockedByAsync(_client.Db, job, request);
        await tx.CommitAsync();
        await announcing;
        return await request;
    }

    [Fact]
    public async Task Viewers_set_and_take_back_reminders_and_the_owner_sees_how_many_asked()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (follower, stranger) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (id, created) = await _client.CreateStoryAsync(owner, fields: Countdown("  Album drop "));
        Assert.Equal("Album drop", created.GetProperty("countdown").GetProperty("title").GetString());
        var exported = (await _client.GetJsonAsync("/api/v1/users/me/export", owner)).GetProperty("stories").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == id).GetProperty("countdown");
        Assert.Equal("Album drop", exported.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, follower)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, follower)).StatusCode);
        await (await RemindAsync(id, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{id}/countdown", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);

        var theirs = await _client.GetJsonAsync($"/api/v1/stories/{id}/countdown", follower);
        Assert.True(theirs.GetProperty("isReminderSet").GetBoolean());
        Assert.False(theirs.GetProperty("hasEnded").GetBoolean());
        Assert.False(theirs.TryGetProperty("reminderCount", out _));
        Assert.Equal(1L, (await _client.GetJsonAsync($"/api/v1/stories/{id}/countdown", owner)).GetProperty("reminderCount").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}/countdown/reminder", follower)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}/countdown/reminder", follower)).StatusCode);
        Assert.False((await _client.GetJsonAsync($"/api/v1/stories/{id}/countdown", follower)).GetProperty("isReminderSet").GetBoolean());
    }

    [Fact]
    public async Task An_ended_countdown_is_announced_once_to_the_reminded_who_may_still_see_the_author_even_after_the_story_expired()
    {
        var owner = await _client.NewUserAsync();
        var (reminded, changedMind, blocked, onlooker) =
            (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Launch day"));
        foreach (var who in new[] { reminded, changedMind, blocked }) Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, who)).StatusCode);
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}/countdown/reminder", changedMind);
        await _client.BlockAsync(owner, blocked);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(0L, await NoticesAsync(reminded, owner)); // not yet ended

        await EndAsync(id);
        await _client.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = created_at - interval '1 day' WHERE id = @id", new { id });
        await Task.WhenAll(Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None), Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None));
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1L, await NoticesAsync(reminded, owner));
        foreach (var who in new[] { changedMind, blocked, onlooker }) Assert.Equal(0L, await NoticesAsync(who, owner));
        var inbox = await _client.GetJsonAsync("/api/v1/notifications", reminded);
        var notice = inbox.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "countdown_ended");
        Assert.Equal($"{owner.Username}'s countdown \"Launch day\" has ended.", notice.GetProperty("text").GetString());
        Assert.Equal(owner.Id, notice.GetProperty("entityId").GetGuid());
        // The author is told once too, with how many were reminded, the (expired, archived) story named.
        var own = (await _client.GetJsonAsync("/api/v1/notifications", owner)).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "system");
        Assert.Equal(("Your countdown \"Launch day\" has ended; 1 person was reminded.", "story", id),
            (own.GetProperty("text").GetString(), own.GetProperty("entityType").GetString(), own.GetProperty("entityId").GetGuid()));
    }

    /// <summary>
    /// The notice carries the countdown's title, which is the story's words: it goes only to those the story's audience still
    /// holds when it ends (a close-friends story's friends, a private account's followers, none it is hidden from), whether or
    /// not the story is still live. Before, anyone who could see the author's profile got it, so a friend removed from close
    /// friends, a follower who left a private account or someone the stories were hidden from read the title anyway.
    /// </summary>
    [Fact]
    public async Task An_ended_countdown_is_announced_only_to_the_reminded_the_storys_audience_still_holds()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (friend, dropped, hidden, leaver) =
            (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        foreach (var who in new[] { friend, dropped, hidden, leaver }) await _client.FollowAsync(who, owner);
        foreach (var who in new[] { friend, dropped, hidden }) await _client.CloseFriendAsync(owner, who);
        var (closeFriends, _) = await _client.CreateStoryAsync(owner, audience: "close_friends", fields: Countdown("Secret party"));
        var (followers, _) = await _client.CreateStoryAsync(owner, audience: "public", fields: Countdown("Members only"));
        foreach (var who in new[] { friend, dropped, hidden }) Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(closeFriends, who)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(followers, leaver)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{dropped.Username}", owner)).StatusCode);
        await _client.HideStoriesFromAsync(owner, hidden);
        await _client.ExecAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = leaver.Id, b = owner.Id });
        await EndAsync(closeFriends);
        await EndAsync(followers);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1L, await NoticesAsync(friend, owner));
        foreach (var who in new[] { dropped, hidden, leaver }) Assert.Equal(0L, await NoticesAsync(who, owner));
        Assert.Equal(["Your countdown \"Members only\" has ended.", "Your countdown \"Secret party\" has ended; 1 person was reminded."],
            (await AuthorNoticesAsync(owner)).Order(StringComparer.Ordinal).ToList());
    }

    private Task<List<string>> AuthorNoticesAsync(Person author) => _client.QueryAsync<string>(
        "SELECT message FROM notifications WHERE user_id = @a AND type = 'system' ORDER BY created_at, id", new { a = author.Id });

    [Fact]
    public async Task An_ended_countdown_takes_no_reminders_and_a_deleted_story_announces_nothing()
    {
        var owner = await _client.NewUserAsync();
        var viewer = await _client.NewUserAsync();
        var (ended, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Over"));
        var (deleted, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Withdrawn"));
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(deleted, viewer)).StatusCode);
        await EndAsync(ended);

        await (await RemindAsync(ended, viewer)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True((await _client.GetJsonAsync($"/api/v1/stories/{ended}/countdown", viewer)).GetProperty("hasEnded").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{deleted}", owner)).StatusCode);
        await EndAsync(deleted);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(0L, await NoticesAsync(viewer, owner));
        Assert.True(await _client.ScalarAsync<bool>("SELECT notified_at IS NOT NULL FROM story_countdowns WHERE story_id = @deleted", new { deleted }));
        // Nobody asked for a reminder of the ended one: its author is still told; the deleted one's is not.
        Assert.Equal(["Your countdown \"Over\" has ended."], await AuthorNoticesAsync(owner));
    }

    [Fact]
    public async Task A_reminder_set_while_the_job_announces_the_countdown_is_refused_rather_than_never_sent()
    {
        var owner = await _client.NewUserAsync();
        var (early, late) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Doors open", hours: 1.0 / 60));
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, early)).StatusCode);
        // Another viewer asks while the job announces, by a clock still before the end: the request reaches the countdown
        // the job holds. Before the fix: a 204 for a reminder written after the job had read the list, so never sent.
        await (await AnnouncingAsync(early, () => RemindAsync(id, late))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([early.Id], await _client.QueryAsync<Guid>(
            "SELECT r.user_id FROM story_countdown_reminders r JOIN story_countdowns c ON c.id = r.countdown_id WHERE c.story_id = @id", new { id }));
        Assert.True((await _client.GetJsonAsync($"/api/v1/stories/{id}/countdown", late)).GetProperty("hasEnded").GetBoolean());
        Assert.Equal((1L, 0L), (await NoticesAsync(early, owner), await NoticesAsync(late, owner)));
        Assert.Equal(["Your countdown \"Doors open\" has ended; 1 person was reminded."], await AuthorNoticesAsync(owner));
    }

    [Fact]
    public async Task A_reminder_taken_back_while_the_job_announces_the_countdown_waits_so_no_notice_follows_its_answer()
    {
        var owner = await _client.NewUserAsync();
        var (leaving, staying) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Doors open", hours: 1.0 / 60));
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, leaving)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, staying)).StatusCode);
        // `leaving` takes the reminder back while the job announces: before the fix, a 204 at once, and the notice the job
        // had already decided on arrived after it. Now the request waits for the announcement, so its notice is written
        // before the reminder is taken back, never after the answer.
        var forgotten = await AnnouncingAsync(staying,
            () => _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}/countdown/reminder", leaving));
        Assert.Equal(HttpStatusCode.NoContent, forgotten.StatusCode);
        Assert.Equal((1L, 1L), (await NoticesAsync(leaving, owner), await NoticesAsync(staying, owner)));
        Assert.False((await _client.GetJsonAsync($"/api/v1/stories/{id}/countdown", leaving)).GetProperty("isReminderSet").GetBoolean());
    }

    [Fact]
    public async Task A_reminder_taken_back_before_the_job_runs_gets_no_notice()
    {
        var owner = await _client.NewUserAsync();
        var (leaving, staying) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Countdown("Doors open", hours: 1.0 / 60));
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, leaving)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemindAsync(id, staying)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}/countdown/reminder", leaving)).StatusCode);
        await Job.RunAsync(app.Clock.GetUtcNow().AddMinutes(2), CancellationToken.None);
        Assert.Equal((0L, 1L), (await NoticesAsync(leaving, owner), await NoticesAsync(staying, owner)));
        Assert.Equal(["Your countdown \"Doors open\" has ended; 1 person was reminded."], await AuthorNoticesAsync(owner));
    }

    [Theory]
    [InlineData("""{"endsAt":"{future}"}""", "countdown.title")]
    [InlineData("""{"title":"Soon"}""", "countdown.endsAt")]
    [InlineData("""{"title":"Soon","endsAt":"{past}"}""", "countdown.endsAt")]
    [InlineData("""{"title":"Soon","endsAt":"{far}"}""", "countdown.endsAt")]
    public async Task A_countdown_without_a_title_or_an_end_in_the_coming_year_is_refused(string countdown, string field)
    {
        var owner = await _client.NewUserAsync();
        var upload = await _client.UploadAsync(owner);
        var now = app.Clock.GetUtcNow();
        var body = countdown.Replace("{future}", now.AddDays(1).ToString("O")).Replace("{past}", now.AddMinutes(-1).ToString("O"))
            .Replace("{far}", now.AddDays(400).ToString("O"));
        var response = await app.Client.SendRawAsync(HttpMethod.Post, "/api/v1/stories",
            $$"""{"uploadId":"{{upload}}","countdown":{{body}}}""", token: _client.TokenOf(owner));
        await response.AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task A_countdown_ending_within_the_microsecond_of_now_is_refused_and_nothing_is_written()
    {
        var owner = await _client.NewUserAsync();
        var upload = await _client.UploadAsync(owner);
        // PostgreSQL keeps microseconds: an end a tenth of a microsecond after now is stored as now itself, which the
        // table's CHECK (ends_at > created_at) refuses; the API must say so rather than fail in the database.
        if (app.Clock.GetUtcNow().UtcTicks % 10 == 9) app.Clock.Advance(TimeSpan.FromTicks(1));
        var endsAt = app.Clock.GetUtcNow().AddTicks(1);
        var response = await app.Client.SendRawAsync(HttpMethod.Post, "/api/v1/stories",
            $$$"""{"uploadId":"{{{upload}}}","countdown":{"title":"Now","endsAt":"{{{endsAt:O}}}"}}""", token: _client.TokenOf(owner));
        await response.AssertValidationErrorAsync("countdown.endsAt");
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = owner.Id }));
    }
}
