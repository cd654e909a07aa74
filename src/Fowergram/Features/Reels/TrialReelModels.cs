namespace Fowergram.Features.Reels;

/// <summary>
/// A reel posted as a trial, as its author sees it: status running (followers do not see it yet), shared (followers see it) or
/// ended (not shared; still shown to non-followers only); endsAt when the trial ends, autoShare whether it is shared by itself
/// then if it did well enough, settledAt when it stopped running.
/// </summary>
public sealed record ReelTrial(string Status, DateTimeOffset EndsAt, bool AutoShare, DateTimeOffset? SettledAt);

/// <summary>How a trial did, from the reel's counters: plays that counted, accounts that played it, likes, comments, shares in messages, saves.</summary>
public sealed record TrialPerformance(long Plays, long Viewers, long Likes, long Comments, long Shares, long Saves);

/// <summary>An item of GET /users/me/reels/trials.</summary>
public sealed record TrialReelItem(ReelView Reel, string Status, DateTimeOffset EndsAt, bool AutoShare, DateTimeOffset? SettledAt,
    TrialPerformance Performance)
{
    internal static TrialReelItem Of(ReelView reel)
    {
        var trial = reel.Trial!;
        return new TrialReelItem(reel, trial.Status, trial.EndsAt, trial.AutoShare, trial.SettledAt, new TrialPerformance(reel.PlayCount,
            reel.ViewCount, reel.LikeCount ?? 0, reel.CommentCount, reel.ShareCount ?? 0, reel.SaveCount ?? 0));
    }
}
