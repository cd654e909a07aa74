using System.Net;
using Dapper;
using Fowergram.Features.Music;
using Fowergram.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A sound withdrawn from the catalogue (its audio_tracks row deleted, by whatever tool keeps the catalogue) while a reel is
/// made with it or it is saved. The check that the sound exists read it without a lock: it saw the row the withdrawal was
/// deleting, and the write's foreign key check then waited for the withdrawal and failed (23503, a 500 after the upload had
/// been claimed). The check now key-share locks the sound, as music clips do: the withdrawal is waited for, and then the
/// sound is unknown, the refusal a missing one gets, with nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SoundWithdrawalRaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task<HttpResponseMessage> WhileWithdrawnAsync(Guid sound, Func<Task<HttpResponseMessage>> write)
    {
        await using var catalogue = await _reels.Posts.Db.OpenConnectionAsync();
        await using var withdrawing = await catalogue.BeginTransactionAsync();
        await catalogue.ExecuteAsync("DELETE FROM audio_tracks WHERE id = @sound", new { sound }, withdrawing);
        var request = write();
        // Until the write is held up by the withdrawal, or has answered without waiting for it.
        await TransactionRace.BlockedByAsync(_reels.Posts.Db, catalogue.ProcessID, request);
        await withdrawing.CommitAsync();
        return await request;
    }

    [Fact]
    public async Task A_reel_made_with_a_sound_withdrawn_meanwhile_is_a_400_naming_it_that_writes_nothing()
    {
        var author = await _reels.NewUserAsync();
        var sound = await _reels.AudioTrackAsync();
        var slot = await _reels.VideoAsync(author);

        var response = await WhileWithdrawnAsync(sound,
            () => _reels.CreateAsync(author, new { uploadId = slot.UploadId, durationSeconds = 10, audioTrackId = sound }));

        await response.AssertValidationErrorAsync("audioTrackId");
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE user_id = @id", new { id = author.Id }));
        Assert.Equal("pending", await _reels.Posts.ScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id = slot.UploadId }));
    }

    [Fact]
    public async Task A_reel_scheduled_with_a_sound_withdrawn_meanwhile_is_a_400_naming_it_that_schedules_nothing()
    {
        var author = await _reels.NewUserAsync();
        var sound = await _reels.AudioTrackAsync();
        var slot = await _reels.VideoAsync(author);
        var publishAt = app.Clock.GetUtcNow() + TimeSpan.FromHours(2);

        var response = await WhileWithdrawnAsync(sound, () => _reels.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-reels", author,
            new { publishAt, uploadId = slot.UploadId, durationSeconds = 10, audioTrackId = sound }));

        await response.AssertValidationErrorAsync("audioTrackId");
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM scheduled_reels WHERE user_id = @id", new { id = author.Id }));
        Assert.Equal("pending", await _reels.Posts.ScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id = slot.UploadId }));
    }

    [Fact]
    public async Task A_sound_withdrawn_while_it_is_saved_is_a_404_that_saves_nothing()
    {
        var me = await _reels.NewUserAsync();
        var sound = await _reels.AudioTrackAsync();

        var response = await WhileWithdrawnAsync(sound, () => _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{sound}/save", me));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM saved_audio WHERE user_id = @id", new { id = me.Id }));
    }

    /// <summary>
    /// reel-counters recounts a sound's reels (audio_track_stats) on a reel's creation or deletion; a withdrawal of the sound
    /// that was under way read the sound as there, and the upsert's foreign key check then waited for the withdrawal and
    /// failed (23503): the delivery failed, and every retry while the withdrawal was in flight. Until session 58. The recount
    /// now key-share locks the sound first, as the writes above do: it waits for the withdrawal and then has nothing to count
    /// (the stats row went with the sound), or holds the withdrawal back until it commits.
    /// </summary>
    [Fact]
    public async Task A_recount_of_a_sound_withdrawn_meanwhile_waits_and_writes_nothing()
    {
        var author = await _reels.NewUserAsync();
        var sound = await _reels.AudioTrackAsync();
        var reelId = await _reels.ReelIdAsync(author, audioTrackId: sound);
        await _reels.SettleAsync(reelId);
        var created = (await _reels.EventsAsync(reelId)).First(e => e.Type == ReelEvents.Created);
        Assert.Equal(1L, await _reels.Posts.ScalarAsync<long>("SELECT usage_count FROM audio_track_stats WHERE track_id = @sound", new { sound }));

        await using var catalogue = await _reels.Posts.Db.OpenConnectionAsync();
        await using var withdrawing = await catalogue.BeginTransactionAsync();
        await catalogue.ExecuteAsync("DELETE FROM audio_tracks WHERE id = @sound", new { sound }, withdrawing);
        var recount = Task.Run(async () =>
        {
            await using var conn = await _reels.Posts.Db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await new ReelCountersConsumer(app.Clock).HandleRunAsync([created], conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        });
        await TransactionRace.WaitUntilBlockedByAsync(_reels.Posts.Db, catalogue.ProcessID, recount);
        await withdrawing.CommitAsync();

        await recount;
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM audio_track_stats WHERE track_id = @sound", new { sound }));
    }

    /// <summary>
    /// The same race for a catalogue song's usage count (music_track_stats, MusicUsage: post-counters, story-counters and a
    /// note's write): its "withdrawn meanwhile is skipped" read the track unlocked, so a withdrawal under way failed the
    /// upsert's foreign key (23503) instead. Until session 58. Now it waits for the withdrawal and skips the track.
    /// </summary>
    [Fact]
    public async Task A_song_use_counted_while_the_song_is_withdrawn_waits_and_writes_nothing()
    {
        var song = Guid.CreateVersion7();
        await _reels.Posts.ExecuteAsync("INSERT INTO music_tracks (id, title, artist, duration) VALUES (@song, 'Song', 'Artist', 200)", new { song });

        await using var catalogue = await _reels.Posts.Db.OpenConnectionAsync();
        await using var withdrawing = await catalogue.BeginTransactionAsync();
        await catalogue.ExecuteAsync("DELETE FROM music_tracks WHERE id = @song", new { song }, withdrawing);
        var counting = Task.Run(async () =>
        {
            await using var conn = await _reels.Posts.Db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await MusicUsage.AddAsync(conn, tx, song, 1, app.Clock.GetUtcNow(), CancellationToken.None);
            await tx.CommitAsync();
        });
        await TransactionRace.WaitUntilBlockedByAsync(_reels.Posts.Db, catalogue.ProcessID, counting);
        await withdrawing.CommitAsync();

        await counting;
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM music_track_stats WHERE track_id = @song", new { song }));
    }
}
