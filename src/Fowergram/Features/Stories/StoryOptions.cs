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

    /// <summary>The most authors one story tray answer holds.</summary>
    public int TrayMaxAuthors { get; set; } = 100;

    public IEnumerable<string> Problems()
    {
        if (Lifetime < TimeSpan.FromMinutes(1) || Lifetime > TimeSpan.FromDays(7))
            yield return "Stories:Lifetime must be from one minute to seven days.";
        if (ExpiredMediaGrace < TimeSpan.Zero) yield return "Stories:ExpiredMediaGrace must not be negative.";
        if (TrayMaxAuthors is < 1 or > 1000) yield return "Stories:TrayMaxAuthors must be from 1 to 1000.";
    }
}
