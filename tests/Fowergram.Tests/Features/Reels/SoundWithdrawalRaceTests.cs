using System.Net;
using Dapper;
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
}
