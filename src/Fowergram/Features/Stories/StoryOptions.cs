using Fowergram.Platform.Options;

namespace Fowergram.Features.Stories;

/// <summary>Settings of section <c>Stories</c> (both hosts; <c>Stories__Lifetime</c> in the environment).</summary>
public sealed class StoryOptions : ISelfValidatingOptions
{
    public const string Section = "Stories";

    /// <summary>How long a story is live: expires_at = created_at + Lifetime (Instagram: 24 hours).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long the media of an expired story that is in no highlight stays for the owner's archive before
    /// the story-expiry job deletes it. Deleted stories lose their media on the job's next run.
    /// </summary>
    public TimeSpan ExpiredMediaGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a story its owner deleted stays in their "Recently deleted" list, restorable, with its media kept (docs/stories.md;
    /// 30 days, as Instagram keeps archived stories). Zero turns restoring off: a deletion is then final at once.
    /// </summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The most authors one story tray answer holds.</summary>
    public int TrayMaxAuthors { get; set; } = 100;

    /// <summary>Until when a story deleted by its owner at <paramref name="deletedAt"/> may be restored; null when restoring is off.</summary>
    public DateTimeOffset? RestorableUntil(DateTimeOffset deletedAt) => RestoreWindow > TimeSpan.Zero ? deletedAt + RestoreWindow : null;

    public IEnumerable<string> Problems()
    {
        if (Lifetime < TimeSpan.FromMinutes(1) || Lifetime > TimeSpan.FromDays(7))
            yield return "Stories:Lifetime must be from one minute to seven days.";
        if (ExpiredMediaGrace < TimeSpan.Zero) yield return "Stories:ExpiredMediaGrace must not be negative.";
        if (RestoreWindow < TimeSpan.Zero || RestoreWindow > TimeSpan.FromDays(90))
            yield return "Stories:RestoreWindow must be from zero to 90 days.";
        if (TrayMaxAuthors is < 1 or > 1000) yield return "Stories:TrayMaxAuthors must be from 1 to 1000.";
    }
}
