using System.Net;

namespace Fowergram.Tests.Infrastructure;

/// <summary>Walks a keyset list the way a client scrolls it.</summary>
public static class KeysetPages
{
    /// <summary>
    /// The ids of every item of <paramref name="path"/> (which has no query yet), <paramref name="limit"/> a page, following
    /// nextCursor until a page has none; every page must be a 200. At most 100 pages. With <paramref name="fullPagesOnly"/>, a
    /// page that carries a cursor must be full (rankings walked by a job's order: explore, recommended reels).
    /// </summary>
    public static async Task<List<Guid>> AllIdsAsync(Func<string, Task<HttpResponseMessage>> get, string path, int limit, bool fullPagesOnly = false)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var url = $"{path}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await (await get(url)).ReadJsonAsync(HttpStatusCode.OK);
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
            ids.AddRange(items);
            if (fullPagesOnly && body.TryGetProperty("nextCursor", out _)) Assert.Equal(limit, items.Count);
            if ((cursor = body.TryGetProperty("nextCursor", out var next) ? next.GetString() : null) is null) return ids;
        }
        throw new InvalidOperationException($"{path} did not end within 100 pages.");
    }
}
