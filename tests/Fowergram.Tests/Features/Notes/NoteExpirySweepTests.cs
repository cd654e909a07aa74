using System.Net;
using Fowergram.Features.Notes;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// A host whose sweep keeps expired notes two days (<c>Notes:ExpiredNoteGrace</c>, not the week's default), on a database of
/// its own: the job acts on every story and note of the database at the clock it is given.
/// </summary>
public sealed class ShortNoteGraceApp : IAsyncLifetime
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(2);

    private readonly ScratchDatabaseApp _scratch = new() { Configure = b => b.Configuration["Notes:ExpiredNoteGrace"] = "2.00:00:00" };

    public FowergramApp App => _scratch.App;

    public Task InitializeAsync() => _scratch.InitializeAsync();

    public Task DisposeAsync() => _scratch.DisposeAsync();
}

/// <summary>
/// The story-expiry job's sweep of notes (NoteExpirySweep): notes expired for longer than Notes:ExpiredNoteGrace go with their
/// likes; replies keep the note's words, a note within the grace and a live one stay. A note a moderator removed goes once
/// its appeal window has passed unappealed (migration 0252's hold), and stays while an appeal is open. Until the sweep, an
/// expired note is in its author's export, as it is stored. Before, an expired note stayed until its author's next note, for
/// ever if none came; the grace was a constant; a removal never appealed stayed, unseen, until the author's next note.
/// </summary>
public sealed class NoteExpirySweepTests(ShortNoteGraceApp host) : IClassFixture<ShortNoteGraceApp>
{
    private readonly PostsClient _posts = new(host.App);

    private Task RunStoryExpiryAsync() => host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "story-expiry")
        .RunAsync(host.App.Clock.GetUtcNow(), CancellationToken.None);

    private TestUser Fresh(TestUser user) => _posts.Media.WithFreshToken(user);

    private async Task<Guid> NoteAsync(TestUser author, string text) =>
        (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", Fresh(author), new { text }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task MutualsAsync(TestUser friend, params TestUser[] authors)
    {
        foreach (var author in authors)
        {
            await _posts.FollowAsync(author, friend);
            await _posts.FollowAsync(friend, author);
        }
    }

    private async Task LikeAsync(TestUser liker, Guid note) =>
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", Fresh(liker))).EnsureNoContentAsync();

    /// <summary>Moves the note's day back so that it ended <paramref name="ago"/> before the clock's now.</summary>
    private Task EndedAsync(Guid note, TimeSpan ago) => _posts.ExecuteAsync(
        "UPDATE notes SET created_at = @expiresAt - interval '1 day', expires_at = @expiresAt WHERE id = @note",
        new { note, expiresAt = host.App.Clock.GetUtcNow() - ago });

    private Task<long> CountAsync(string sql, object args) => _posts.ScalarAsync<long>(sql, args);

    private async Task<List<Guid>> StoredAsync(params Guid[] ids) =>
        (await _posts.QueryAsync<Guid>("SELECT id FROM notes WHERE id = ANY(@ids)", new { ids })).Order().ToList();

    private async Task<List<string>> ExportedNotesAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/users/me/export", Fresh(user))).ReadJsonAsync()).GetProperty("notes").EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).ToList();

    /// <summary>A report of the note by <paramref name="reporter"/>, resolved with its removal: the removal's id.</summary>
    private async Task<Guid> TakeDownAsync(TestUser reporter, Guid note)
    {
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", Fresh(reporter),
            new { targetType = "note", targetId = note, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", Fresh(await _posts.ModeratorAsync()),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", Fresh(owner), new { message = "Just a joke." });

    [Fact]
    public async Task Notes_expired_for_longer_than_the_grace_setting_are_deleted_with_their_likes_and_the_rest_stay()
    {
        Assert.Equal(ShortNoteGraceApp.Grace, host.App.Services.GetRequiredService<IOptions<NotesOptions>>().Value.ExpiredNoteGrace);
        Assert.NotEqual(new NotesOptions().ExpiredNoteGrace, ShortNoteGraceApp.Grace); // the setting, not the default, decides
        var (old, recent, live, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(),
            await _posts.NewUserAsync());
        await MutualsAsync(friend, old, recent, live);
        var oldNote = await NoteAsync(old, "long gone");
        await LikeAsync(friend, oldNote);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{oldNote}/replies", Fresh(friend), new { text = "congrats" })).EnsureSuccessStatusCode();
        var recentNote = await NoteAsync(recent, "two days ago");
        var liveNote = await NoteAsync(live, "today");
        await EndedAsync(oldNote, ShortNoteGraceApp.Grace + TimeSpan.FromMinutes(1));
        await EndedAsync(recentNote, ShortNoteGraceApp.Grace - TimeSpan.FromMinutes(1));
        Assert.Equal(["long gone"], await ExportedNotesAsync(old)); // expired, still stored: still exported

        await RunStoryExpiryAsync();
        await RunStoryExpiryAsync(); // idempotent

        Assert.Equal(new[] { recentNote, liveNote }.Order(), await StoredAsync(oldNote, recentNote, liveNote));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM note_likes WHERE note_id = @oldNote", new { oldNote }));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM messages WHERE sender_id = @id AND quoted_note = 'long gone'", new { id = friend.Id }));
        Assert.Empty(await ExportedNotesAsync(old));
        // Its author's next note is set as if nothing had been there.
        Assert.NotEqual(Guid.Empty, await NoteAsync(old, "back again"));
    }

    [Fact]
    public async Task A_removed_note_goes_with_its_likes_once_its_appeal_window_passed_unappealed_and_an_appealed_one_stays_until_decided()
    {
        var (unappealed, appealed, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await MutualsAsync(friend, unappealed, appealed);
        var (gone, kept) = (await NoteAsync(unappealed, "buy followers"), await NoteAsync(appealed, "buy likes"));
        await LikeAsync(friend, gone);
        await LikeAsync(friend, kept);
        var (goneRemoval, keptRemoval) = (await TakeDownAsync(friend, gone), await TakeDownAsync(friend, kept));
        (await AppealAsync(appealed, keptRemoval)).EnsureSuccessStatusCode();

        // Within the window (the note's day) both are kept for an appeal, whatever the expired notes' grace.
        host.App.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await RunStoryExpiryAsync();
        Assert.Equal(new[] { gone, kept }.Order(), await StoredAsync(gone, kept));

        // Past it: the one nobody appealed is deleted with its like; the appealed one waits for its decision.
        host.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await RunStoryExpiryAsync();
        Assert.Equal([kept], await StoredAsync(gone, kept));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM note_likes WHERE note_id = @gone", new { gone }));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM note_likes WHERE note_id = @kept", new { kept }));
        // Its owner still finds the removal listed, final; an appeal now is refused and writes nothing.
        var listed = await (await _posts.GetAsync($"/api/v1/users/me/removals/{goneRemoval}", Fresh(unappealed))).ReadJsonAsync();
        Assert.False(listed.GetProperty("canAppeal").GetBoolean());
        await (await AppealAsync(unappealed, goneRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM content_removals WHERE report_id = @goneRemoval AND appeal_status IS NOT NULL",
            new { goneRemoval }));

        // Reversed long after, the appealed note is back (expired, as it would be had nobody removed it) and swept as any
        // expired note once the grace has passed.
        host.App.Clock.Advance(TimeSpan.FromDays(30));
        await RunStoryExpiryAsync();
        Assert.Equal([kept], await StoredAsync(gone, kept));
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{keptRemoval}/decide", Fresh(await _posts.ModeratorAsync()),
            new { outcome = "reversed" })).EnsureSuccessStatusCode();
        Assert.True(await _posts.ScalarAsync<bool>("SELECT removed_at IS NULL AND held_until IS NULL FROM notes WHERE id = @kept", new { kept }));
        await RunStoryExpiryAsync();
        Assert.Empty(await StoredAsync(gone, kept));
    }

    [Fact]
    public async Task A_note_removed_after_its_day_cannot_be_appealed_and_goes_at_the_next_sweep()
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await MutualsAsync(friend, author);
        var note = await NoteAsync(author, "old news");
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", Fresh(friend),
            new { targetType = "note", targetId = note, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        host.App.Clock.Advance(TimeSpan.FromHours(25)); // the report decided after the note's day: nothing to appeal for
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", Fresh(await _posts.ModeratorAsync()),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        Assert.Equal([note], await StoredAsync(note));

        await RunStoryExpiryAsync();

        Assert.Empty(await StoredAsync(note));
    }

    /// <summary>
    /// An appeal admitted just before the window's end whose transaction is still open when the sweep runs past it: the sweep's
    /// delete waits for the note's row and then finds it held, so the appealed note stays. An appeal's keep after the sweep
    /// finds nothing to keep (the route's 409).
    /// </summary>
    [Fact]
    public async Task An_appeal_at_the_windows_very_end_and_the_sweep_take_the_note_in_turn()
    {
        var (author, other, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await MutualsAsync(friend, author, other);
        var (appealed, swept) = (await NoteAsync(author, "free crypto"), await NoteAsync(other, "free tokens"));
        await LikeAsync(friend, appealed);
        await TakeDownAsync(friend, appealed);
        await TakeDownAsync(friend, swept);
        var windowEnd = new DateTimeOffset(DateTime.SpecifyKind(
            await _posts.ScalarAsync<DateTime>("SELECT held_until FROM notes WHERE id = @appealed", new { appealed }), DateTimeKind.Utc));
        Assert.True(windowEnd > host.App.Clock.GetUtcNow()); // held to the window's end: the note's day
        var reinstatement = host.App.Services.GetServices<Fowergram.Platform.Moderation.IReinstatement>().Single(r => r.TargetType == "note");

        await using var conn = await _posts.Db.OpenConnectionAsync();
        await using (var appeal = await conn.BeginTransactionAsync())
        {
            Assert.True(await reinstatement.KeepAsync(conn, appeal, appealed, windowEnd - TimeSpan.FromSeconds(1), CancellationToken.None));
            host.App.Clock.Advance(windowEnd - host.App.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
            var sweep = RunStoryExpiryAsync();
            await WaitForLockAsync(sweep);
            await appeal.CommitAsync();
            await sweep;
        }

        Assert.Equal([appealed], await StoredAsync(appealed, swept));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM note_likes WHERE note_id = @appealed", new { appealed }));
        await using var late = await conn.BeginTransactionAsync();
        Assert.False(await reinstatement.KeepAsync(conn, late, swept, windowEnd - TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    /// <summary>Until a backend of this database is seen waiting on a lock (bounded): the sweep reached the appealed note's row.</summary>
    private async Task WaitForLockAsync(Task sweep)
    {
        await using var conn = await _posts.Db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!sweep.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await Dapper.SqlMapper.ExecuteScalarAsync<bool>(conn,
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')")) return;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        Assert.Fail("The sweep did not wait for the appealed note's row.");
    }

    [Fact]
    public void The_grace_setting_is_refused_when_negative_or_longer_than_90_days()
    {
        Assert.Empty(new NotesOptions().Problems());
        Assert.Empty(new NotesOptions { ExpiredNoteGrace = TimeSpan.Zero }.Problems());
        Assert.Contains("Notes:ExpiredNoteGrace", Assert.Single(new NotesOptions { ExpiredNoteGrace = TimeSpan.FromSeconds(-1) }.Problems()));
        Assert.Single(new NotesOptions { ExpiredNoteGrace = TimeSpan.FromDays(91) }.Problems());
    }
}
