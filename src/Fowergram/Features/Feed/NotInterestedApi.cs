using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// "Not interested": PUT /posts/{id}/not-interested and PUT /reels/{id}/not-interested keep the thing out of the caller's
/// explore grid or recommended reels from the next page on; DELETE takes that back (docs/feed.md "Explore").
/// </summary>
public sealed class NotInterestedApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>One kind of thing: its table of dismissals, and the rule of who may see it.</summary>
    private sealed record Kind(string Name, string Dismiss, string Undo);

    private static readonly Kind Post = new("post", $"""
        WITH visible AS (SELECT p.id FROM posts p WHERE p.id = @id AND {PostAccess.VisibleTo}),
        dismissed AS (INSERT INTO explore_dismissals (user_id, post_id, created_at) SELECT @viewer, id, @now FROM visible ON CONFLICT DO NOTHING)
        SELECT count(*) FROM visible
        """, UndoOf("explore_dismissals", "post_id"));

    private static readonly Kind Reel = new("reel", $"""
        WITH visible AS (SELECT r.id FROM reels r WHERE r.id = @id AND {ReelAccess.VisibleTo}),
        dismissed AS (INSERT INTO reel_dismissals (user_id, reel_id, created_at) SELECT @viewer, id, @now FROM visible ON CONFLICT DO NOTHING)
        SELECT count(*) FROM visible
        """, UndoOf("reel_dismissals", "reel_id"));

    /// <summary>
    /// One statement, as undoing is: the dismissal goes only while the caller's account is live (tokens outlive accounts), and
    /// the statement answers whether it was, so that a gone account gets its 401.
    /// </summary>
    private static string UndoOf(string table, string column) => $"""
        WITH me AS (SELECT {LiveCaller.Is("@viewer")} AS live),
        undone AS (DELETE FROM {table} WHERE user_id = @viewer AND {column} = @id AND (SELECT live FROM me))
        SELECT live FROM me
        """;

    private const string HideAuthorSql = """
        INSERT INTO discovery_hidden_authors (user_id, author_id, created_at) VALUES (@viewer, @author, @now) ON CONFLICT DO NOTHING
        """;

    private const string ShowAuthorSql = "DELETE FROM discovery_hidden_authors WHERE user_id = @viewer AND author_id = @author";

    /// <summary>
    /// PUT /users/{username}/not-interested: "don't suggest posts from this account" — none of its posts in the caller's
    /// explore, none of its reels in their recommended reels (idempotent, 204). 404 for a name the caller cannot see, 400
    /// for oneself. Following it is unaffected.
    /// </summary>
    public async Task<IResult> HideAuthor(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct); // the lookup holds the account's row against its purge
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } author) return Problems.NotFound("user");
        if (author == caller.UserId) return Problems.BadRequest("You cannot stop suggestions of your own posts.");
        await conn.ExecuteAsync(new CommandDefinition(HideAuthorSql, new { viewer = caller.UserId, author, now = Timestamps.Now(time) }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// DELETE /users/{username}/not-interested: its posts and reels may be suggested again (idempotent, 204). The caller's own
    /// entry goes whatever the account's state (deactivated, suspended, blocking either way; until 2026-12-07 a 404 that kept
    /// it); 404 for a name that is neither an entry nor an account the caller may see; a gone caller's token is a 401.
    /// </summary>
    public async Task<IResult> ShowAuthor(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "discovery_hidden_authors", "user_id", "author_id", ct)
            is not { } author) return Problems.NotFound("user");
        // As hiding oneself: a 400, not a 204 that took back nothing (docs/feed.md's route row; until session 57 it was a 204).
        if (author == caller.UserId) return Problems.BadRequest("You cannot stop suggestions of your own posts.");
        await conn.ExecuteAsync(new CommandDefinition(ShowAuthorSql, new { viewer = caller.UserId, author }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public Task<IResult> DismissPost(HttpRequest request, string id, CancellationToken ct) => DismissAsync(request, id, Post, ct);

    public Task<IResult> UndoPost(HttpRequest request, string id, CancellationToken ct) => UndoAsync(request, id, Post, ct);

    public Task<IResult> DismissReel(HttpRequest request, string id, CancellationToken ct) => DismissAsync(request, id, Reel, ct);

    public Task<IResult> UndoReel(HttpRequest request, string id, CancellationToken ct) => UndoAsync(request, id, Reel, ct);

    /// <summary>204, idempotent, for a thing the caller may see; 404 for anything else (so nothing out of reach is confirmed).</summary>
    private async Task<IResult> DismissAsync(HttpRequest request, string id, Kind kind, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(kind.Name);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // tokens outlive accounts
        var visible = await conn.ExecuteScalarAsync<long>(new CommandDefinition(kind.Dismiss,
            new { id = thingId, viewer = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return visible == 0 ? Problems.NotFound(kind.Name) : Api.NoContent();
    }

    /// <summary>
    /// 204 whether or not it was dismissed and whether or not the caller may still see it: taking back one's own choice
    /// never depends on the author (as removing one's own tag does), and answers the same for every id.
    /// </summary>
    private async Task<IResult> UndoAsync(HttpRequest request, string id, Kind kind, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(kind.Name);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(kind.Undo, new { id = thingId, viewer = caller.UserId }, cancellationToken: ct))
            ? Api.NoContent() : Problems.AccountGone();
    }
}
