using System.Globalization;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// GET /users/me/stories/memories?date=&amp;tz=: Instagram's "On this day" — the caller's own stories (their archive, deleted
/// ones left out) posted on this calendar day in earlier years, grouped by year, the latest year first, each year's
/// stories in the order they were posted. At most <see cref="MaxStories"/> stories.
/// </summary>
public sealed class StoryMemoriesApi(NpgsqlDataSource db, AccessTokens tokens, StoryMedia media, TimeProvider time)
{
    public const int MaxStories = 100;

    private const string Joined = "SELECT created_at FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    // One range of the archive index (stories_author_archive) per remembered day.
    private static readonly string Memories = $"""
        {StoryReadSql.Select}
          JOIN unnest(@starts::timestamptz[], @ends::timestamptz[]) AS d (starts, ends) ON s.created_at >= d.starts AND s.created_at < d.ends
         WHERE s.user_id = @viewer AND s.deleted_at IS NULL
         ORDER BY s.created_at DESC, s.id DESC
         LIMIT @max
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var errors = new Validation();
        var zone = Zone(request.Query["tz"], errors);
        var date = Date(request.Query["date"], zone, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(Joined, new { viewer = caller.UserId }, cancellationToken: ct))
            is not { } joined)
            return Problems.AccountGone();
        var days = StoryMemories.Days(date, zone, TimeZoneInfo.ConvertTime(joined, zone).Year);
        var rows = (await conn.QueryAsync<StoryRow>(new CommandDefinition(Memories, new
        {
            viewer = caller.UserId, now = time.GetUtcNow(), starts = days.Select(d => d.Starts).ToArray(), ends = days.Select(d => d.Ends).ToArray(),
            max = MaxStories,
        }, cancellationToken: ct))).ToList();
        var views = (await media.ViewAllAsync(conn, rows, caller.UserId, ct)).ToDictionary(v => v.Id);
        var years = days.Select(d => new MemoryYear(d.Year, date.Year - d.Year,
                rows.Where(r => r.CreatedAt >= d.Starts && r.CreatedAt < d.Ends).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => views[r.Id]).ToList()))
            .Where(y => y.Stories.Count > 0).ToList();
        return Api.Ok(new StoryMemoriesView(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone.Id, years));
    }

    private static TimeZoneInfo Zone(string? raw, Validation errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return TimeZoneInfo.Utc;
        if (TimeZones.FindIana(raw.Trim()) is { } zone) return zone;
        errors.Add("tz", "Not a time zone: give an IANA name such as Europe/Paris.");
        return TimeZoneInfo.Utc;
    }

    private DateOnly Date(string? raw, TimeZoneInfo zone, Validation errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add("date", "A day as YYYY-MM-DD.");
        return default;
    }
}

/// <summary>The stories of one earlier year's same day, oldest first.</summary>
public sealed record MemoryYear(int Year, int YearsAgo, IReadOnlyList<StoryResponse> Stories);

/// <summary>GET /users/me/stories/memories: the day asked about (in <see cref="TimeZone"/>) and its memories, latest year first.</summary>
public sealed record StoryMemoriesView(string Date, string TimeZone, IReadOnlyList<MemoryYear> Items);
