using System.Net;
using Fowergram.Features.Notes;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// The story-expiry job deletes notes expired for longer than a week (NoteExpirySweep), with their likes; replies keep the
/// note's words, a note within the week, a live one and one held for its appeal stay. Until the sweep, an expired note is in
/// its author's export, as it is stored. Before, an expired note stayed until its author's next note, for ever if none came.
/// On a database of its own: the job acts on every story and note of the database at the clock it is given.
/// </summary>
public sealed class NoteExpirySweepTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly PostsClient _posts = new(scratch.App);

    private Task RunStoryExpiryAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "story-expiry")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<Guid> NoteAsync(TestUser author, string text) =>
        (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Moves the note's day back so that it ended <paramref name="ago"/> before the clock's now.</summary>
    private Task EndedAsync(Guid note, TimeSpan ago) => _posts.ExecuteAsync(
        "UPDATE notes SET created_at = @expiresAt - interval '1 day', expires_at = @expiresAt WHERE id = @note",
        new { note, expiresAt = scratch.App.Clock.GetUtcNow() - ago });

    private Task<long> CountAsync(string sql, object args) => _posts.ScalarAsync<long>(sql, args);

    private async Task<List<string>> ExportedNotesAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/users/me/export", user)).ReadJsonAsync()).GetProperty("notes").EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).ToList();

    [Fact]
    public async Task Notes_expired_for_over_a_week_are_deleted_with_their_likes_and_the_rest_stay()
    {
        var (old, recent, removed, live, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(),
            await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var author in new[] { old, recent, removed, live })
        {
            await _posts.FollowAsync(author, friend);
            await _posts.FollowAsync(friend, author);
        }
        var oldNote = await NoteAsync(old, "long gone");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{oldNote}/like", friend)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{oldNote}/replies", friend, new { text = "congrats" })).EnsureSuccessStatusCode();
        var recentNote = await NoteAsync(recent, "last week");
        var removedNote = await NoteAsync(removed, "under appeal");
        var liveNote = await NoteAsync(live, "today");
        await EndedAsync(oldNote, NoteExpirySweep.Grace + TimeSpan.FromMinutes(1));
        await EndedAsync(recentNote, NoteExpirySweep.Grace - TimeSpan.FromMinutes(1));
        await EndedAsync(removedNote, NoteExpirySweep.Grace * 2);
        await _posts.ExecuteAsync("UPDATE notes SET removed_at = created_at WHERE id = @removedNote", new { removedNote });
        Assert.Equal(["long gone"], await ExportedNotesAsync(old)); // expired, still stored: still exported

        await RunStoryExpiryAsync();
        await RunStoryExpiryAsync(); // idempotent

        var ids = new[] { oldNote, recentNote, removedNote, liveNote };
        Assert.Equal(new[] { recentNote, removedNote, liveNote }.Order(),
            (await _posts.QueryAsync<Guid>("SELECT id FROM notes WHERE id = ANY(@ids)", new { ids })).Order());
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM note_likes WHERE note_id = @oldNote", new { oldNote }));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM messages WHERE sender_id = @id AND quoted_note = 'long gone'", new { id = friend.Id }));
        Assert.Empty(await ExportedNotesAsync(old));
        // Its author's next note is set as if nothing had been there.
        Assert.NotEqual(Guid.Empty, await NoteAsync(old, "back again"));
    }
}
