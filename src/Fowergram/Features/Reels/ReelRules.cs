using Fowergram.Features.Posts;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Reels;

internal sealed record ValidReel(Guid UploadId, string Caption, Guid? AudioTrackId, int DurationSeconds, int Width, int Height,
    bool CommentsDisabled, bool LikesDisabled, Guid? RemixOfId, bool? AllowRemix, string? Location, bool Trial = false, bool TrialAutoShare = false);

/// <summary>Field rules of reels, checked before anything is claimed or written.</summary>
internal static class ReelRules
{
    /// <summary>Instagram's limit for a reel recorded or uploaded in the app (three minutes).</summary>
    public const int MaxDurationSeconds = 180;
    public const int MaxDimension = 20_000;
    public const int DefaultWidth = 1080;
    public const int DefaultHeight = 1920;

    public static ValidReel? Validate(CreateReelRequest request, Validation v)
    {
        if (request.UploadId is not { } uploadId || uploadId == Guid.Empty) v.Add("uploadId", "This field is required.");
        if (request.DurationSeconds is not { } duration) v.Add("durationSeconds", "This field is required.");
        else if (duration is < 1 or > MaxDurationSeconds) v.Add("durationSeconds", $"Must be from 1 to {MaxDurationSeconds} seconds.");
        if (request.Width is < 1 or > MaxDimension) v.Add("width", $"Must be from 1 to {MaxDimension} pixels.");
        if (request.Height is < 1 or > MaxDimension) v.Add("height", $"Must be from 1 to {MaxDimension} pixels.");
        if (request.AudioTrackId == Guid.Empty) v.Add("audioTrackId", "Must be the id of an audio track, or absent.");
        if (request.RemixOfId == Guid.Empty) v.Add("remixOfId", "Must be the id of the reel remixed, or absent.");
        if (request.TrialAutoShare == true && request.Trial != true) v.Add("trialAutoShare", "Only a trial reel (trial: true) can be shared automatically.");
        var caption = Caption(request.Caption, v);
        var location = PostRules.Location(request.Location, v);
        return v.IsValid
            ? new ValidReel(request.UploadId!.Value, caption, request.AudioTrackId, request.DurationSeconds!.Value,
                request.Width ?? DefaultWidth, request.Height ?? DefaultHeight, request.CommentsDisabled ?? false, request.LikesDisabled ?? false,
                request.RemixOfId, request.AllowRemix, location, request.Trial ?? false, request.TrialAutoShare ?? false)
            : null;
    }

    /// <summary>A caption as posts take it: trimmed, at most 2,200 characters, 30 hashtags and 20 mentions.</summary>
    public static string Caption(string? raw, Validation v)
    {
        var caption = (raw ?? "").Trim();
        v.Visible("caption", caption);
        if (CaptionText.Problem(caption, CaptionText.Parse(caption)) is { } problem) v.Add("caption", problem);
        return caption;
    }
}
