using System.Globalization;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Feed;

/// <summary>
/// A position in the explore ranking, ordered by (score DESC, post_created_at DESC, post_id DESC): the last card the
/// client saw. A keyset, not an offset, so a page is the same walk whatever the caller's filters skipped before it.
/// Written as the score, a dot and the post's <see cref="Cursor"/> (base64url, which has no dot).
/// </summary>
public readonly record struct ExploreCursor(long Score, Cursor Post)
{
    /// <summary>Before the best post of any ranking.</summary>
    public static readonly ExploreCursor Start = new(long.MaxValue, new Cursor(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.AllBitsSet));

    public string Encode() => Score.ToString(CultureInfo.InvariantCulture) + "." + Post.Encode();

    public static bool TryDecode(string text, out ExploreCursor cursor)
    {
        cursor = default;
        var dot = text.IndexOf('.');
        if (dot < 1 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var score) ||
            !Cursor.TryDecode(text[(dot + 1)..], out var post))
            return false;
        cursor = new ExploreCursor(score, post);
        return true;
    }
}
