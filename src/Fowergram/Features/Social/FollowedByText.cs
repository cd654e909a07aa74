namespace Fowergram.Features.Social;

/// <summary>"Followed by a", "Followed by a and b", "Followed by a, b and 3 others".</summary>
internal static class FollowedByText
{
    /// <summary><paramref name="names"/>: the first names to show (at most <paramref name="shown"/> are used) out of <paramref name="count"/>.</summary>
    public static string Of(IReadOnlyList<string> names, long count, int shown)
    {
        var named = names.Take(Math.Min(shown, (int)Math.Min(count, int.MaxValue))).ToList();
        if (named.Count == 0) return "";
        var others = count - named.Count;
        if (others <= 0)
            return named.Count == 1 ? $"Followed by {named[0]}" : $"Followed by {string.Join(", ", named[..^1])} and {named[^1]}";
        return $"Followed by {string.Join(", ", named)} and {others} {(others == 1 ? "other" : "others")}";
    }
}
