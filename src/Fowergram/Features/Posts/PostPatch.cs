using System.Text.Json;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

internal sealed record AltTextChange(int Index, Guid MediaId, string? AltText);

/// <summary>
/// PATCH /posts/{id} as a merge patch: caption (null clears), location (null clears), the two switches, alt text per media id,
/// musicTrackId (null removes the music) and musicStartSeconds (PostMusicEdit).
/// </summary>
internal sealed class PostPatch
{
    public bool SetCaption { get; private set; }
    public string Caption { get; private set; } = "";
    public TextLinks Links { get; private set; } = new([], []);
    public bool SetLocation { get; private set; }
    public string? Location { get; private set; }
    public bool SetCommentsDisabled { get; private set; }
    public bool CommentsDisabled { get; private set; }
    public bool SetLikesDisabled { get; private set; }
    public bool LikesDisabled { get; private set; }
    public List<AltTextChange> AltTexts { get; } = [];
    public MusicPatch Music { get; private set; } = new(false, null, false, null);

    public bool Any => SetCaption || SetLocation || SetCommentsDisabled || SetLikesDisabled || AltTexts.Count > 0 || Music.Any;

    public static PostPatch Parse(MergePatch body, Validation v)
    {
        var p = new PostPatch();
        if (body.String("caption", out var caption))
        {
            p.SetCaption = true;
            p.Caption = (caption ?? "").Trim();
            p.Links = CaptionText.Parse(p.Caption);
            v.Visible("caption", p.Caption);
            if (CaptionText.Problem(p.Caption, p.Links) is { } problem) v.Add("caption", problem);
        }
        if (body.String("location", out var location))
        {
            p.SetLocation = true;
            p.Location = PostRules.Location(location, v);
        }
        if (body.Boolean("commentsDisabled", out var comments)) (p.SetCommentsDisabled, p.CommentsDisabled) = (true, comments);
        if (body.Boolean("likesDisabled", out var likes)) (p.SetLikesDisabled, p.LikesDisabled) = (true, likes);
        p.Music = MusicPatch.Parse(body, v);
        if (body.Array("media", out var media))
        {
            // A post holds at most MaxMedia items, and each entry costs an UPDATE: more entries than that cannot be right.
            if (media.Count > PostRules.MaxMedia) v.Add("media", $"At most {PostRules.MaxMedia} media items.");
            var named = new HashSet<Guid>();
            for (var i = 0; i < media.Count && i < PostRules.MaxMedia; i++)
            {
                var field = $"media[{i}]";
                if (media[i] is not System.Text.Json.Nodes.JsonObject item) { v.Add(field, "Must be an object with an id."); continue; }
                if (item["id"]?.GetValueKind() != JsonValueKind.String || !Guid.TryParse(item["id"]!.GetValue<string>(), out var mediaId))
                { v.Add($"{field}.id", "Must be the id of a media item of this post."); continue; }
                // Named twice, one of its texts would be dropped with a 200 (the last UPDATE wins): which one was meant is not ours to guess.
                if (!named.Add(mediaId)) { v.Add($"{field}.id", "Each media item may be named once."); continue; }
                if (!item.TryGetPropertyValue("altText", out var alt)) continue;
                if (alt is not null && alt.GetValueKind() != JsonValueKind.String) { v.Add($"{field}.altText", "Must be a string or null."); continue; }
                p.AltTexts.Add(new AltTextChange(i, mediaId, PostRules.AltText(alt?.GetValue<string>(), v, $"{field}.altText")));
            }
        }
        return p;
    }
}
