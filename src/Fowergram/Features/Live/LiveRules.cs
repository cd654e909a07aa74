using Fowergram.Platform.Http;

namespace Fowergram.Features.Live;

internal sealed record ValidLive(string Title, string? Description, DateTimeOffset? ScheduledAt);

/// <summary>Field rules of broadcasts and live comments, checked before anything is written.</summary>
internal static class LiveRules
{
    public const int MaxTitle = 100;
    public const int MaxDescription = 2200;
    public const int MaxComment = 300;
    /// <summary>How far ahead a broadcast may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(90);

    public static ValidLive? Validate(CreateLiveRequest request, DateTimeOffset now, Validation v)
    {
        // Blank by TextRules.IsBlank: a title of zero-width spaces was taken (only an empty one was refused) and listed as nothing.
        var title = (request.Title ?? "").Trim();
        if (TextRules.IsBlank(title)) v.Add("title", "This field is required.");
        else if (TextRules.Characters(title) > MaxTitle) v.Add("title", $"Must be at most {MaxTitle} characters.");
        var description = (request.Description ?? "").Trim();
        if (TextRules.IsInvisibleOnly(description)) v.Add("description", TextRules.InvisibleOnly);
        else if (TextRules.Characters(description) > MaxDescription) v.Add("description", $"Must be at most {MaxDescription} characters.");
        if (request.ScheduledAt is { } at && (at <= now || at > now + MaxScheduleAhead))
            v.Add("scheduledAt", "Must be in the future, at most 90 days ahead, or absent.");
        return v.IsValid ? new ValidLive(title, description.Length == 0 ? null : description, request.ScheduledAt?.ToUniversalTime()) : null;
    }

    /// <summary>Trimmed, 1–300 characters (code points, as char_length counts), not blank (TextRules.IsBlank), as a post's comment.</summary>
    public static string? Comment(string? raw, Validation v)
    {
        var content = (raw ?? "").Trim();
        if (TextRules.IsBlank(content)) v.Add("content", "This field is required.");
        else if (TextRules.Characters(content) > MaxComment) v.Add("content", $"Must be at most {MaxComment} characters.");
        return v.IsValid ? content : null;
    }

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);
}
