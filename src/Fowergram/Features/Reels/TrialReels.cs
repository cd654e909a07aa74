using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// What sharing a trial with the followers announces, the same from POST /reels/{id}/trial/share and from the trial-reels job:
/// the caption's mentions again (the followers among them could not see it before; the others' notices are not written twice)
/// and reel.trial_shared, which subscription-notifications turns into new_reel for the followers who asked, as reel.created
/// would have, and reel-notifications into the reel_remix notice of a remix's original author (its payload's remixOf).
/// Everything else followers see (the reels tab, following, hashtags, a sound's reels) reads the trial's state.
/// </summary>
internal static class TrialReels
{
    public static async Task AnnounceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, SettledTrial reel, CancellationToken ct)
    {
        await ReelMentions.WriteCaptionAsync(conn, tx, time, reel.UserId, reel.Id, reel.Caption, raiseAll: true, ct);
        // A remix carries what it remixes, as reel.created does: the remixed reel's author, whom a running trial was kept from
        // when they follow its author, hears of the remix now (reel-notifications; once, if they were told already).
        var remixOf = reel is { RemixOfId: { } originalId, RemixOfAuthorId: { } originalAuthorId } ? new ReelEventRemix(originalId, originalAuthorId) : null;
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.TrialShared, reel.UserId,
            ReelEvent.Of(reel.Id, reel.UserId, reel.AudioTrackId) with { RemixOf = remixOf }, ct);
    }
}
