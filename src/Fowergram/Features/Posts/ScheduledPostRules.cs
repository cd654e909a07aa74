using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

/// <summary>When a post may be scheduled for, and how many may wait (docs/posts.md "Scheduled posts").</summary>
internal static class ScheduledPostRules
{
    /// <summary>At least this far ahead: a post for sooner is posted now (POST /posts).</summary>
    public static readonly TimeSpan MinAhead = TimeSpan.FromMinutes(10);

    /// <summary>At most this far ahead (Instagram's limit).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(75);

    /// <summary>Scheduled posts one account may have waiting at once.</summary>
    public const int MaxPending = 50;

    /// <summary>Adds a message naming <c>publishAt</c> unless <paramref name="publishAt"/> lies 10 minutes to 75 days after <paramref name="now"/>.</summary>
    public static DateTimeOffset? PublishAt(DateTimeOffset? publishAt, DateTimeOffset now, Validation v)
    {
        if (publishAt is not { } at) v.Add("publishAt", "This field is required.");
        else if (at < now + MinAhead || at > now + MaxAhead)
            v.Add("publishAt", "Must be from 10 minutes to 75 days from now (to post at once, use POST /posts).");
        else return at.ToUniversalTime();
        return null;
    }

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);
}
