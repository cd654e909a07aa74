using Fowergram.Platform.Options;

namespace Fowergram.Features.Posts;

/// <summary>Bound from the <c>Posts</c> section in both hosts (<c>Posts__DeletedMediaGrace</c>).</summary>
public sealed class PostsOptions : ISelfValidatingOptions
{
    public const string Section = "Posts";

    /// <summary>
    /// How long the objects of a deleted post stay in storage before post-media-cleanup removes them
    /// (room for a support restore). The post itself is gone from every read at once, and read URLs
    /// handed out before the deletion expire within Media:ReadUrlLifetime.
    /// </summary>
    public TimeSpan DeletedMediaGrace { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Problems()
    {
        if (DeletedMediaGrace < TimeSpan.Zero || DeletedMediaGrace > TimeSpan.FromDays(90))
            yield return "Posts:DeletedMediaGrace must be from zero to 90 days.";
    }
}
