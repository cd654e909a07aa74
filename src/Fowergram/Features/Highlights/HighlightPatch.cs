using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Highlights;

/// <summary>
/// PATCH /highlights/{id} as a merge patch: <c>title</c>, <c>coverStoryId</c> (null clears it) and
/// <c>displayOrder</c> (0 is first) may each be present; other members are ignored.
/// </summary>
internal sealed record HighlightPatch(string? Title, bool SetCover, Guid? CoverStoryId, int? DisplayOrder)
{
    public bool Any => Title is not null || SetCover || DisplayOrder is not null;

    /// <summary>The patch in <paramref name="root"/>; <paramref name="composedTitle"/> is its title composed (docs/api.md "Composed text").</summary>
    public static HighlightPatch Parse(JsonElement root, string? composedTitle, Validation errors)
    {
        string? title = null;
        if (root.TryGetProperty("title", out var t))
        {
            title = t.ValueKind == JsonValueKind.String ? (composedTitle ?? t.GetString()!).Trim() : null;
            if (t.ValueKind != JsonValueKind.String) errors.Add("title", "Must be a string.");
            else errors.Required("title", title).MaxLength("title", title, HighlightsApi.TitleMax).OneLine("title", title);
            if (title?.Contains('\0') == true) errors.Add("title", "Must not contain NUL characters.");
        }
        var (setCover, cover) = (false, (Guid?)null);
        if (root.TryGetProperty("coverStoryId", out var c))
        {
            setCover = true;
            if (c.ValueKind == JsonValueKind.String && Guid.TryParse(c.GetString(), out var id)) cover = id;
            else if (c.ValueKind != JsonValueKind.Null) errors.Add("coverStoryId", "Must be a story id or null.");
        }
        int? order = null;
        if (root.TryGetProperty("displayOrder", out var o))
        {
            if (o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var value) && value >= 0) order = value;
            else errors.Add("displayOrder", "Must be a whole number from 0.");
        }
        return new HighlightPatch(title, setCover, cover, order);
    }
}
