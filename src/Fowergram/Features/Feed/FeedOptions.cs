using Fowergram.Platform.Options;

namespace Fowergram.Features.Feed;

/// <summary>Bound from the <c>Feed</c> section in both hosts (<c>Feed__FanOutMaxFollowers</c> etc.). See docs/feed.md.</summary>
public sealed class FeedOptions : ISelfValidatingOptions
{
    public const string Section = "Feed";

    /// <summary>
    /// Authors with more followers than this are not fanned out on write: their posts are merged into
    /// readers' pages at read time (feed_large_authors). Fan-out writes one row per follower per post.
    /// </summary>
    public int FanOutMaxFollowers { get; set; } = 10_000;

    /// <summary>
    /// How long fanned-out entries are kept (and so how far back a page is served from feed_entries);
    /// older posts are pulled from the followed accounts' timelines. The retention job deletes the rest.
    /// </summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// The newest entries a reader keeps past the retention window when fewer than this many fall inside it
    /// (a reader whose followees post rarely): their pages come from feed_entries instead of the pull. 0 keeps
    /// only the window. Bounds feed_entries at the window plus this many rows per reader.
    /// </summary>
    public int RetainEntries { get; set; } = 200;

    /// <summary>
    /// At most this many of a newly followed account's posts (back to where the follower's entries are complete)
    /// are copied into the follower's feed; when the account has more, the follower's entries are complete only
    /// from the oldest copied post on, and older pages pull.
    /// </summary>
    public int BackfillPosts { get; set; } = 1_000;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    public IEnumerable<string> Problems()
    {
        if (FanOutMaxFollowers < 0) yield return "Feed:FanOutMaxFollowers must be 0 or more.";
        if (RetentionDays is < 1 or > 3650) yield return "Feed:RetentionDays must be between 1 and 3650.";
        if (RetainEntries is < 0 or > 10_000) yield return "Feed:RetainEntries must be between 0 and 10000.";
        if (BackfillPosts is < 0 or > 100_000) yield return "Feed:BackfillPosts must be between 0 and 100000.";
    }
}
