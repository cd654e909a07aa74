using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fowergram.Features.Feed;

/// <summary>
/// A position in the explore ranking, ordered by (score DESC, post_created_at DESC, post_id DESC): the last card the
/// client saw. A keyset, not an offset, so a page is the same walk whatever the caller's filters skipped before it.
/// </summary>
public readonly record struct ExploreCursor(long Score, DateTimeOffset CreatedAt, Guid Id)
{
    /// <summary>Before the best post of any ranking.</summary>
    public static readonly ExploreCursor Start = new(long.MaxValue, new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.AllBitsSet);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"x.{Score}.{CreatedAt.UtcTicks}.{Id:N}")));

    public static bool TryDecode(string text, out ExploreCursor cursor)
    {
        cursor = default;
        if (text.Length is 0 or > 120) return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts is not ["x", var score, var ticks, var id] ||
                !long.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ||
                !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ||
                t > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(id, "N", out var g))
                return false;
            cursor = new ExploreCursor(s, new DateTimeOffset(t, TimeSpan.Zero), g);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
