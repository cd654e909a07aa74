using Fowergram.Platform.Options;

namespace Fowergram.Features.Moderation;

/// <summary>Bound from the <c>Moderation</c> section in both hosts (<c>Moderation__AppealWindow</c>).</summary>
public sealed class ModerationOptions : ISelfValidatingOptions
{
    public const string Section = "Moderation";

    /// <summary>
    /// How long the owner of a taken-down post, reel or video may ask for a review of the removal, with its stored objects
    /// kept meanwhile so a reversed removal brings it back whole (docs/moderation.md "Removed content and appeals"). An appeal
    /// made in time keeps them until it is decided. Zero turns appeals of removed content off.
    /// </summary>
    public TimeSpan AppealWindow { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<string> Problems()
    {
        if (AppealWindow < TimeSpan.Zero || AppealWindow > TimeSpan.FromDays(180))
            yield return "Moderation:AppealWindow must be from zero to 180 days.";
    }
}
