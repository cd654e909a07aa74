using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>What the impressions load wrote: new rows (accounts reached) and the impressions they hold.</summary>
public sealed record ImpressionRows(long Rows, long Impressions);

/// <summary>
/// POST /api/v1/impressions as the app sends it: each reader reports a screenful (10) of the posts of its own feed's
/// first 50, the next ten at each request, so the first five reports of a reader add rows (reach) and the later ones
/// within the minute are the same look (docs/insights.md "Reach and impressions").
/// </summary>
public static class ImpressionFigures
{
    private const int Screen = 10;

    /// <summary>The feed's first 50 post ids of each reader, read over HTTP as the app would have them.</summary>
    public static async Task<Func<int, string>> ReportsAsync(Uri address, IReadOnlyList<string> tokens)
    {
        using var client = new HttpClient { BaseAddress = address };
        var pages = new string[tokens.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/feed?limit=50");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            using var response = await client.SendAsync(request, ct);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            pages[i] = page.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToArray();
        });
        var sent = new int[tokens.Count];
        return reader =>
        {
            var ids = pages[reader];
            if (ids.Length == 0) return """{"posts":["00000000-0000-0000-0000-000000000001"]}""";
            var start = Interlocked.Increment(ref sent[reader]) * Screen;
            return JsonSerializer.Serialize(new { posts = Enumerable.Range(start, Screen).Select(k => ids[k % ids.Length]).Distinct() });
        };
    }

    public static async Task<ImpressionRows> CountAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<ImpressionRows>("SELECT count(*) AS rows, coalesce(sum(impressions), 0) AS impressions FROM post_impressions");
    }
}
