using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

internal sealed record ValidVideo(Guid UploadId, string Title, string Description, int DurationSeconds, Guid? SeriesId, bool Published,
    bool CommentsDisabled);

/// <summary>Field rules of videos and series, checked before anything is claimed or written.</summary>
internal static class VideoRules
{
    /// <summary>Instagram's longest upload (60 minutes).</summary>
    public const int MaxDurationSeconds = 60 * 60;
    public const int MaxTitle = 100;
    public const int MaxDescription = 2200;

    /// <summary>A video's or series' title and description are composed before they are checked (docs/api.md "Composed text").</summary>
    public static readonly (string Field, int Max)[] ComposedFields = [("title", MaxTitle), ("description", MaxDescription)];

    /// <summary>A create request's title and description composed, in one round trip.</summary>
    public static async Task<(string? Title, string? Description)> ComposedAsync(NpgsqlDataSource db, string? title, string? description, CancellationToken ct)
    {
        var composed = await ComposedText.WrittenAsync(db, [(title, MaxTitle), (description, MaxDescription)], ct);
        return (composed[0], composed[1]);
    }

    public static ValidVideo? Validate(CreateVideoRequest request, Validation v)
    {
        if (request.UploadId is not { } uploadId || uploadId == Guid.Empty) v.Add("uploadId", "This field is required.");
        if (request.DurationSeconds is not { } duration) v.Add("durationSeconds", "This field is required.");
        else if (duration is < 1 or > MaxDurationSeconds) v.Add("durationSeconds", $"Must be from 1 to {MaxDurationSeconds} seconds.");
        if (request.SeriesId == Guid.Empty) v.Add("seriesId", "Must be the id of one of your series, or absent.");
        var title = Title(request.Title, v);
        var description = Description(request.Description, v);
        return v.IsValid
            ? new ValidVideo(request.UploadId!.Value, title, description, request.DurationSeconds!.Value, request.SeriesId, request.Published ?? false,
                request.CommentsDisabled ?? false)
            : null;
    }

    /// <summary>
    /// Trimmed, 1–100 characters (char_length counts code points, so do we: an emoji is one), on one line: a title is shown
    /// as one, so no control character (a newline, a tab, an escape) and no U+2028 or U+2029, which break lines too.
    /// </summary>
    public static string Title(string? raw, Validation v, string field = "title")
    {
        var title = (raw ?? "").Trim();
        if (TextRules.IsBlank(title)) v.Add(field, "This field is required."); // zero-width spaces alone were a title until session 55
        else if (TextRules.Characters(title) > MaxTitle) v.Add(field, $"Must be at most {MaxTitle} characters.");
        else if (!TextRules.IsOneLine(title)) v.Add(field, "Must be one line without control characters.");
        return title;
    }

    /// <summary>Trimmed, at most 2,200 characters; absent or null is empty.</summary>
    public static string Description(string? raw, Validation v)
    {
        var description = (raw ?? "").Trim();
        if (TextRules.IsInvisibleOnly(description)) v.Add("description", TextRules.InvisibleOnly);
        else if (TextRules.Characters(description) > MaxDescription) v.Add("description", $"Must be at most {MaxDescription} characters.");
        return description;
    }
}

/// <summary>
/// PATCH /videos/{id} as a merge patch: title, description (null clears), seriesId (null takes it out of its series),
/// commentsDisabled.
/// </summary>
internal sealed class VideoPatch
{
    public bool SetTitle { get; private set; }
    public string Title { get; private set; } = "";
    public bool SetDescription { get; private set; }
    public string Description { get; private set; } = "";
    public bool SetSeries { get; private set; }
    public Guid? SeriesId { get; private set; }
    public bool SetCommentsDisabled { get; private set; }
    public bool CommentsDisabled { get; private set; }

    public bool Any => SetTitle || SetDescription || SetSeries || SetCommentsDisabled;

    public static VideoPatch Parse(MergePatch body, Validation v)
    {
        var p = new VideoPatch();
        if (body.String("title", out var title, nullable: false)) (p.SetTitle, p.Title) = (true, VideoRules.Title(title, v));
        if (body.String("description", out var description)) (p.SetDescription, p.Description) = (true, VideoRules.Description(description, v));
        if (body.String("seriesId", out var series))
        {
            if (series is null) p.SetSeries = true;
            else if (Guid.TryParse(series, out var id) && id != Guid.Empty) (p.SetSeries, p.SeriesId) = (true, id);
            else v.Add("seriesId", "Must be the id of one of your series, or null.");
        }
        if (body.Boolean("commentsDisabled", out var off)) (p.SetCommentsDisabled, p.CommentsDisabled) = (true, off);
        return p;
    }
}

/// <summary>PATCH /series/{id} as a merge patch: title, description (null clears).</summary>
internal sealed class SeriesPatch
{
    public bool SetTitle { get; private set; }
    public string Title { get; private set; } = "";
    public bool SetDescription { get; private set; }
    public string Description { get; private set; } = "";

    public static SeriesPatch Parse(MergePatch body, Validation v)
    {
        var p = new SeriesPatch();
        if (body.String("title", out var title, nullable: false)) (p.SetTitle, p.Title) = (true, VideoRules.Title(title, v));
        if (body.String("description", out var description)) (p.SetDescription, p.Description) = (true, VideoRules.Description(description, v));
        return p;
    }
}
