using Fowergram.Features.Posts;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Reels;

/// <summary>
/// PATCH /reels/{id} as a merge patch: caption (null clears), location (null clears) and the three switches. The video, its
/// sound and what it remixes stay.
/// </summary>
internal sealed class ReelPatch
{
    public bool SetCaption { get; private set; }
    public string Caption { get; private set; } = "";
    public bool SetCommentsDisabled { get; private set; }
    public bool CommentsDisabled { get; private set; }
    public bool SetLikesDisabled { get; private set; }
    public bool LikesDisabled { get; private set; }
    public bool SetAllowRemix { get; private set; }
    public bool AllowRemix { get; private set; }

    public bool SetLocation { get; private set; }
    public string? Location { get; private set; }

    public bool Any => SetCaption || SetCommentsDisabled || SetLikesDisabled || SetAllowRemix || SetLocation;

    public static ReelPatch Parse(MergePatch body, Validation v)
    {
        var p = new ReelPatch();
        if (body.String("caption", out var caption)) (p.SetCaption, p.Caption) = (true, ReelRules.Caption(caption, v));
        if (body.Boolean("commentsDisabled", out var comments)) (p.SetCommentsDisabled, p.CommentsDisabled) = (true, comments);
        if (body.Boolean("likesDisabled", out var likes)) (p.SetLikesDisabled, p.LikesDisabled) = (true, likes);
        if (body.Boolean("allowRemix", out var remix)) (p.SetAllowRemix, p.AllowRemix) = (true, remix);
        if (body.String("location", out var location)) (p.SetLocation, p.Location) = (true, PostRules.Location(location, v));
        return p;
    }
}
