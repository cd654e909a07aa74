using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Activity;

/// <summary>
/// "Your activity": the caller's own log of what they did (every event with them as actor, docs/events.md), newest
/// first, and counts per kind over the last days. Private to its owner; payloads are not returned, only what was
/// done to which entity and when (a client opens the entity through its own route, which checks visibility). Only while
/// the account is live: a token outlives a deleted, deactivated or suspended account by minutes, and reads no log then (401).
/// </summary>
public sealed partial class ActivityApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 90;

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var type = request.Query["type"].ToString();
        if (type.Length > 0 && (type.Length > 64 || !EventType().IsMatch(type)))
            return Problems.Validation("type", "Must be an activity type such as 'post.liked' (lower-case words separated by dots).");
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await LiveCaller.PageAsync<ActivityRow>(conn, "@viewer", ActivitySql.Page, page,
            new { viewer = caller.UserId, type = type.Length > 0 ? type : null }, r => new Cursor(r.CreatedAt, r.Id), ct);
        return found is null ? Problems.AccountGone() : Api.Ok(found.Map(r => r.ToItem()));
    }

    public async Task<IResult> Summary(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!DaysQuery.TryRead(request, DefaultDays, MaxDays, out var days, out var invalid)) return invalid!;
        var now = time.GetUtcNow();
        var since = now.AddDays(-days);
        await using var conn = await db.OpenConnectionAsync(ct);
        var counts = await LiveCaller.ListAsync<ActivityCount>(conn, "@viewer", ActivitySql.Summary, new { viewer = caller.UserId, since, now }, ct);
        return counts is null ? Problems.AccountGone() : Api.Ok(new ActivitySummary(days, since, counts));
    }

    [GeneratedRegex(@"^[a-z_]+(\.[a-z_]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventType();
}

public sealed record ActivityItem(Guid Id, string Type, string? EntityType, Guid? EntityId, DateTimeOffset CreatedAt);

public sealed record ActivityCount(string Type, long Count);

public sealed record ActivitySummary(int Days, DateTimeOffset Since, IReadOnlyList<ActivityCount> Items);
