using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>The tray, an author's live stories and the owner's archive.</summary>
public sealed class StoryListsApi(NpgsqlDataSource db, AccessTokens tokens, VisibilityPolicy visibility, StoryMedia media,
    IOptions<StoryOptions> options, TimeProvider time)
{
    /// <summary>The most stories one author's list, and one author's tray entry, answers with (Instagram allows 100 a day).</summary>
    public const int MaxStoriesPerAuthor = 100;

    public async Task<IResult> Tray(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        var rows = await conn.QueryAsync<StoryRow>(new CommandDefinition(StoryReadSql.Tray,
            new { viewer = caller.UserId, now = time.GetUtcNow(), maxAuthors = options.Value.TrayMaxAuthors, maxPerAuthor = MaxStoriesPerAuthor }, cancellationToken: ct));
        var list = rows.ToList();
        var views = (await media.ViewAllAsync(conn, list, caller.UserId, ct)).ToDictionary(v => v.Id);
        var entries = new List<TrayEntry>();
        foreach (var group in list.GroupBy(r => r.AuthorId)) // SQL order: groups arrive ranked, stories in play order
        {
            var first = group.First();
            entries.Add(new TrayEntry(new StoryAuthor(first.AuthorId, first.AuthorUsername, first.AuthorAvatar), first.HasUnseen,
                first.LatestAt, group.Select(r => views[r.Id]).ToList()));
        }
        return Api.Ok(new TrayResponse(entries));
    }

    /// <summary>GET /users/{username}/stories: live stories the caller may see, oldest first; 404 when the profile is hidden.</summary>
    public async Task<IResult> OfUser(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var name = username.Trim().ToLowerInvariant();
        await using var conn = await db.OpenConnectionAsync(ct);
        // "me" is the caller while its account is live, as on every /users/{username}/… list (posts, reels, videos): not a
        // username ("me" is reserved); a gone account's token is a 401.
        var authorId = ProfileListOwner.IsMe(name) ? await ProfileListOwner.MeAsync(conn, caller.UserId, ct)
            : StoryRules.Username().IsMatch(name) ? await visibility.FindVisibleProfileAsync(caller.UserId, name, ct) : null;
        if (authorId is null) return await ProfileListOwner.NotFoundAsync(conn, name, caller.UserId, ct);
        var rows = await conn.QueryAsync<StoryRow>(new CommandDefinition(StoryReadSql.OfAuthor,
            new { authorId = authorId.Value, viewer = caller.UserId, now = time.GetUtcNow(), max = MaxStoriesPerAuthor }, cancellationToken: ct));
        return Api.Ok(new StoryListResponse(await media.ViewAllAsync(conn, rows, caller.UserId, ct)));
    }

    /// <summary>GET /users/me/stories/archive: every undeleted story of the caller, live and expired, newest first.</summary>
    public async Task<IResult> Archive(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = (await conn.QueryAsync<StoryRow>(new CommandDefinition(StoryReadSql.Archive, new
        {
            viewer = caller.UserId, now = time.GetUtcNow(), afterAt = page.After?.CreatedAt, afterId = page.After?.Id, take = page.Limit + 1,
        }, cancellationToken: ct))).ToList();
        var result = Page<StoryRow>.From(rows, page.Limit, r => new Cursor(r.CreatedAt, r.Id));
        return Api.Ok(new Page<StoryResponse>(await media.ViewAllAsync(conn, result.Items, caller.UserId, ct), result.NextCursor));
    }
}
