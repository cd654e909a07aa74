using Fowergram.Features.Music;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

internal sealed record ValidTag(string Username, double X, double Y);

internal sealed record ValidMedia(Guid UploadId, string? AltText, int? Width, int? Height, int? DurationSeconds, IReadOnlyList<ValidTag> Tags);

/// <param name="Music">The clip the post plays, checked against the catalogue only when written (PostWriter.MusicProblemAsync).</param>
internal sealed record ValidPost(IReadOnlyList<ValidMedia> Media, string Caption, TextLinks Links, string? Location,
    bool CommentsDisabled, bool LikesDisabled, MusicClip? Music);

/// <summary>Field rules of posts, checked before anything is claimed or written.</summary>
internal static class PostRules
{
    public const int MaxMedia = 10;
    public const int MaxAltText = 1000;
    public const int MaxLocation = 100;
    public const int MaxTagsPerMedia = 20;
    public const int MaxDimension = 20_000;
    public const int MaxDurationSeconds = 3600;

    public static ValidPost? Validate(CreatePostRequest request, Validation v)
    {
        if (request.Media is not { Count: > 0 } media) v.Add("media", $"Attach 1 to {MaxMedia} media items.");
        else if (media.Count > MaxMedia) v.Add("media", $"At most {MaxMedia} media items.");
        var items = (request.Media ?? []).Take(MaxMedia).Select((m, i) => Media(m, $"media[{i}]", v)).ToList();
        if (items.Where(m => m is not null).GroupBy(m => m!.UploadId).Any(g => g.Count() > 1))
            v.Add("media", "Each upload may be attached once.");

        var caption = (request.Caption ?? "").Trim();
        var links = CaptionText.Parse(caption);
        v.Visible("caption", caption);
        if (CaptionText.Problem(caption, links) is { } problem) v.Add("caption", problem);
        var location = Location(request.Location, v);
        MusicClips.Check(request.MusicTrackId, request.MusicStartSeconds, v);
        return v.IsValid
            ? new ValidPost(items.Select(m => m!).ToList(), caption, links, location, request.CommentsDisabled ?? false, request.LikesDisabled ?? false,
                MusicClips.Of(request.MusicTrackId, request.MusicStartSeconds))
            : null;
    }

    /// <summary>
    /// The usernames POST /posts invites to collaborate (docs/posts.md "Collab posts"): at most
    /// <see cref="Collaborators.MaxPerPost"/>, each named once (a leading @ and case are ignored).
    /// </summary>
    public static IReadOnlyList<string> CollaboratorNames(IReadOnlyList<string?>? raw, Validation v)
    {
        if (raw is null or { Count: 0 }) return [];
        if (raw.Count > Collaborators.MaxPerPost) v.Add("collaborators", $"At most {Collaborators.MaxPerPost} collaborators.");
        var names = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count && i < Collaborators.MaxPerPost; i++)
        {
            var name = raw[i]?.Trim().TrimStart('@');
            if (string.IsNullOrEmpty(name) || name.Length > 30) v.Add($"collaborators[{i}]", "Must be a username of 1 to 30 characters.");
            else if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) v.Add($"collaborators[{i}]", "Each account may be invited once.");
            else names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// A place's name: one line of at most <see cref="MaxLocation"/> characters, counted as the tables' char_length counts them
    /// (code points: an emoji is one, not the two UTF-16 units of its surrogate pair). A line break, U+2028 and U+2029
    /// (which break the line as a newline does) and other control characters are refused: the name is shown on one line
    /// and is the place's key (docs/posts.md "Places").
    /// </summary>
    public static string? Location(string? raw, Validation v, string field = "location")
    {
        var location = raw?.Trim();
        if (string.IsNullOrEmpty(location)) return null;
        if (TextRules.IsInvisibleOnly(location)) v.Add(field, TextRules.InvisibleOnly);
        else if (TextRules.Characters(location) > MaxLocation) v.Add(field, $"Must be at most {MaxLocation} characters.");
        else if (!TextRules.IsOneLine(location)) v.Add(field, "Must be one line without control characters.");
        return location;
    }

    public static string? AltText(string? raw, Validation v, string field)
    {
        var alt = raw?.Trim();
        if (string.IsNullOrEmpty(alt)) return null;
        if (TextRules.IsInvisibleOnly(alt)) v.Add(field, TextRules.InvisibleOnly);
        else if (TextRules.Characters(alt) > MaxAltText) v.Add(field, $"Must be at most {MaxAltText} characters.");
        return alt;
    }

    private static ValidMedia? Media(PostMediaRequest? item, string field, Validation v)
    {
        if (item is null)
        {
            v.Add(field, "Must be an object with an uploadId.");
            return null;
        }
        if (item.UploadId is not { } uploadId || uploadId == Guid.Empty) v.Add($"{field}.uploadId", "This field is required.");
        var alt = AltText(item.AltText, v, $"{field}.altText");
        if (item.Width is < 1 or > MaxDimension) v.Add($"{field}.width", $"Must be from 1 to {MaxDimension} pixels.");
        if (item.Height is < 1 or > MaxDimension) v.Add($"{field}.height", $"Must be from 1 to {MaxDimension} pixels.");
        if (item.DurationSeconds is < 0 or > MaxDurationSeconds) v.Add($"{field}.durationSeconds", $"Must be from 0 to {MaxDurationSeconds} seconds.");
        var tags = Tags(item.UserTags, $"{field}.userTags", v);
        return item.UploadId is { } id ? new ValidMedia(id, alt, item.Width, item.Height, item.DurationSeconds, tags) : null;
    }

    private static List<ValidTag> Tags(List<UserTagRequest?>? tags, string field, Validation v)
    {
        if (tags is null) return [];
        if (tags.Count > MaxTagsPerMedia) v.Add(field, $"At most {MaxTagsPerMedia} people per media item.");
        var valid = new List<ValidTag>();
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            var name = tag?.Username?.Trim().TrimStart('@').ToLowerInvariant();
            if (string.IsNullOrEmpty(name)) v.Add($"{field}[{i}].username", "This field is required.");
            if (tag?.X is not (>= 0 and <= 1)) v.Add($"{field}[{i}].x", "Must be a number from 0 to 1.");
            if (tag?.Y is not (>= 0 and <= 1)) v.Add($"{field}[{i}].y", "Must be a number from 0 to 1.");
            // Tagging one person twice keeps the first position (the table holds one tag per person and item).
            if (!string.IsNullOrEmpty(name) && tag!.X is { } x && tag.Y is { } y && valid.All(t => t.Username != name))
                valid.Add(new ValidTag(name, x, y));
        }
        return valid;
    }
}
