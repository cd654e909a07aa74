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

    /// <summary>The body's <c>publishAt</c>: present, ISO 8601 with an offset, and <see cref="Within"/> the bounds; else a message naming it.</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v)
    {
        if (text is null) v.Add("publishAt", "This field is required.");
        else if (!Instants.TryParse(text, out var at)) v.Add("publishAt", Instants.Expected);
        else return Within(at, now, v);
        return null;
    }

    /// <summary><paramref name="at"/> in UTC when it lies 10 minutes to 75 days after <paramref name="now"/>; else a message naming <c>publishAt</c>.</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v)
    {
        if (at >= now + MinAhead && at <= now + MaxAhead) return at.ToUniversalTime();
        v.Add("publishAt", "Must be from 10 minutes to 75 days from now (to post at once, use POST /posts).");
        return null;
    }

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);
}
