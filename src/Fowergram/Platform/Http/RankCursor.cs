using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>
/// A position in a ranking kept by a job (explore's posts, recommended reels), ordered by (score DESC, created_at DESC,
/// id DESC): the last card the client saw. A keyset, not an offset, so a page is the same walk whatever the caller's
/// filters skipped before it. Written as the score, a dot and the item's <see cref="Cursor"/> (base64url, which has no dot).
/// </summary>
public readonly record struct RankCursor(long Score, Cursor Item)
{
    /// <summary>Before the best item of any ranking.</summary>
    public static readonly RankCursor Start = new(long.MaxValue, new Cursor(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.AllBitsSet));

    public string Encode() => Score.ToString(CultureInfo.InvariantCulture) + "." + Item.Encode();

    /// <summary>The request's <c>cursor</c> (absent: <see cref="Start"/>); one this API did not issue is a 400 naming it.</summary>
    public static bool TryRead(HttpRequest request, out RankCursor cursor, out IResult? error)
    {
        cursor = Start;
        error = null;
        var raw = request.Query["cursor"].ToString();
        if (raw.Length == 0 || TryDecode(raw, out cursor)) return true;
        error = Problems.Validation("cursor", "Not a cursor this API issued; pass nextCursor from the previous page.");
        return false;
    }

    public static bool TryDecode(string text, out RankCursor cursor)
    {
        cursor = default;
        var dot = text.IndexOf('.');
        if (dot < 1 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var score) ||
            !Cursor.TryDecode(text[(dot + 1)..], out var item))
            return false;
        cursor = new RankCursor(score, item);
        return true;
    }
}
