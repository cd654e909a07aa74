using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>
/// A position in a list ordered by (created_at DESC, id DESC): the last item the client saw. A list ordered by a
/// whole-number place instead (a series' episodes) keeps the place in the same field as ticks (<see cref="OfRank"/>).
/// </summary>
public readonly record struct Cursor(DateTimeOffset CreatedAt, Guid Id)
{
    /// <summary>A position in a list ordered by (rank, id), rank ≥ 0.</summary>
    public static Cursor OfRank(long rank, Guid id) => new(new DateTimeOffset(rank, TimeSpan.Zero), id);

    /// <summary>The place of a cursor made by <see cref="OfRank"/>.</summary>
    public long Rank => CreatedAt.UtcTicks;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}"));

    public static bool TryDecode(string? text, out Cursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 100) return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
                ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks ||
                !Guid.TryParseExact(parts[1], "N", out var id))
                return false;
            cursor = new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters of every list endpoint.</summary>
public readonly record struct PageRequest(int Limit, Cursor? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>
    /// The <c>limit</c> query parameter alone (1 to <see cref="MaxLimit"/>, <paramref name="defaultLimit"/> when absent), for
    /// top-N lists that have no cursor (search, trending) as for pages.
    /// </summary>
    public static bool TryReadLimit(HttpRequest request, int defaultLimit, out int limit, out IResult? error)
    {
        (limit, error) = (defaultLimit, null);
        var raw = request.Query["limit"].ToString();
        if (raw.Length == 0) return true;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit) return true;
        error = Problems.Validation("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        return false;
    }

    public static bool TryRead(HttpRequest request, out PageRequest page, out IResult? error)
    {
        page = default;
        if (!TryReadLimit(request, DefaultLimit, out var limit, out error)) return false;
        Cursor? after = null;
        var rawCursor = request.Query["cursor"].ToString();
        if (rawCursor.Length > 0)
        {
            if (!Cursor.TryDecode(rawCursor, out var decoded))
            {
                error = Problems.Validation("cursor", "Not a cursor this API issued; pass nextCursor from the previous page.");
                return false;
            }
            after = decoded;
        }
        page = new PageRequest(limit, after);
        return true;
    }
}

/// <summary>A page of a keyset list: <c>{ items, nextCursor }</c>; nextCursor is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>Build from rows fetched with LIMIT limit + 1: the extra row only says there is more.</summary>
    public static Page<T> From(IReadOnlyList<T> rows, int limit, Func<T, Cursor> position) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), position(rows[limit - 1]).Encode())
            : new Page<T>(rows, null);

    /// <summary>The same page with each item turned into its view; the cursor stays.</summary>
    public Page<TView> Map<TView>(Func<T, TView> view) => new(Items.Select(view).ToList(), NextCursor);
}
