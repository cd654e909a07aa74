using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Notifications;

/// <summary>GET /notifications (keyset, newest first; <c>group=true</c> folds alike notices), GET /notifications/unread-count, POST /notifications/{id}/read and /read-all.</summary>
public sealed class NotificationsApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        var group = request.Query["group"].ToString();
        if (group is not ("" or "true" or "false")) return Problems.Validation("group", "Must be true or false.");
        await using var conn = await db.OpenConnectionAsync(ct);
        // The settings are read first: null for a gone account, whose token outlives it by minutes and reads no notices (401).
        if (await QuietMode.LoadAsync(conn, null, caller.UserId, ct) is not { } mode) return Problems.AccountGone();
        var rows = await GenericPlan.QueryAsync<NotificationRow>(conn, page.After is null ? NotificationsSql.FirstPage : NotificationsSql.LaterPage, new
        {
            viewer = caller.UserId, now = time.GetUtcNow(), afterAt = page.After?.CreatedAt, afterId = page.After?.Id, take = page.Limit + 1,
        }, ct);
        var result = Page<NotificationRow>.From(rows, page.Limit, r => new Cursor(r.CreatedAt, r.Id));
        var views = group == "true" ? NotificationGroups.Fold(result.Items) : result.Items.Select(NotificationTexts.ToView).ToList();
        // Marked by the reader's current or last quiet period, read from the settings now: the notices themselves are
        // written by every area's consumers, none of which needs to know about quiet mode.
        if (mode.Last(time.GetUtcNow()) is { } quiet)
            views = views.Select(v => v.CreatedAt >= quiet.StartedAt && (quiet.EndsAt is not { } end || v.CreatedAt < end)
                ? v with { DuringQuietMode = true } : v).ToList();
        return Api.Ok(new Page<NotificationView>(views, result.NextCursor));
    }

    public async Task<IResult> CountUnread(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        // Null for a gone account: its token reads no badge (401), as it reads no notices.
        if (await QuietMode.LoadAsync(conn, null, caller.UserId, ct) is not { } mode) return Problems.AccountGone();
        var quietSince = mode.Current(now)?.StartedAt;
        var count = await GenericPlan.ScalarAsync<long>(conn, NotificationsSql.UnreadCount,
            new { viewer = caller.UserId, now, quietSince, cap = UnreadCount.Cap }, ct);
        return Api.Ok(new UnreadCount(Math.Min(count, UnreadCount.Cap), count > UnreadCount.Cap));
    }

    /// <summary>204 (also when already read); 404 for an unparseable id, someone else's notice or one the caller cannot see.</summary>
    public async Task<IResult> MarkRead(HttpRequest request, string id, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var notificationId)) return Problems.NotFound("notification");
        await using var conn = await db.OpenConnectionAsync(ct);
        var marked = await LiveCaller.RunAsync(conn, NotificationsSql.MarkRead, new { id = notificationId, viewer = caller.UserId, now = time.GetUtcNow() }, ct);
        return !marked.Live ? Problems.AccountGone() : marked.Written == 0 ? Problems.NotFound("notification") : Api.NoContent();
    }

    public async Task<IResult> MarkAllRead(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await LiveCaller.RunAsync(conn, NotificationsSql.MarkAllRead, new { viewer = caller.UserId }, ct)).Live
            ? Api.NoContent()
            : Problems.AccountGone();
    }
}
