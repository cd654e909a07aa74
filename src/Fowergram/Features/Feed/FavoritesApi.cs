using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Feed;

/// <summary>
/// Favorites (docs/feed.md "Favorites", migration 0102): a reader marks up to <see cref="Max"/> accounts (PUT/DELETE
/// /users/me/favorites/{username}, idempotent), lists them, and reads their posts newest first in a feed of their own
/// (GET /feed/favorites), each post through the read-time rules of every post list.
/// </summary>
public sealed class FavoritesApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    public const int Max = 50;

    /// <summary>A reader's adds take turns (the lock), so two at once cannot both pass the limit.</summary>
    private static readonly CappedSetSql Set = new(
        Lock: "SELECT pg_advisory_xact_lock(hashtext('favorites'), hashtext(@viewer::text))",
        Exists: "SELECT EXISTS (SELECT 1 FROM favorites WHERE user_id = @viewer AND favorite_id = @favorite)",
        Count: "SELECT count(*) FROM favorites WHERE user_id = @viewer",
        Insert: "INSERT INTO favorites (user_id, favorite_id, created_at) VALUES (@viewer, @favorite, @now) ON CONFLICT (user_id, favorite_id) DO NOTHING");

    private const string Delete = "DELETE FROM favorites WHERE user_id = @viewer AND favorite_id = @favorite";

    /// <summary>
    /// The reader's own favorite named @username, whoever can see whom now: one that blocked the reader or was deactivated is
    /// left out of the list but still holds one of the <see cref="Max"/> places, so it must be removable.
    /// </summary>
    private const string DeleteOwnByName = """
        DELETE FROM favorites f USING users u
         WHERE f.user_id = @viewer AND f.favorite_id = u.id AND lower(u.username) = lower(@username)
        """;

    /// <summary>The reader's favorites whose profiles they may still see, most recently added first.</summary>
    private static readonly string List = UserLists.OwnList("favorites", "user_id", "favorite_id");

    /// <summary>
    /// The favorites' live, unarchived posts the reader may see, newest first: a page's worth from each favorite
    /// (posts_author_timeline, at most 50 descents), merged. Posts of accounts the reader muted for posts are left out,
    /// as in the home feed.
    /// </summary>
    private static readonly string Posts = $"""
        SELECT p.id, p.created_at
          FROM favorites f
         CROSS JOIN LATERAL (
               SELECT p.id, p.user_id, p.created_at FROM posts p
                WHERE p.user_id = f.favorite_id AND p.deleted_at IS NULL AND NOT p.is_archived
                  AND {KeysetSql.Older("p.created_at", "p.id")}
                ORDER BY p.created_at DESC, p.id DESC LIMIT @take) p
         WHERE f.user_id = @viewer AND {VisibilityPolicy.ContentFilter("p.user_id")}
           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = p.user_id AND m.mute_posts)
         ORDER BY p.created_at DESC, p.id DESC
         LIMIT @take
        """;

    public async Task<IResult> Add(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } favorite) return Problems.NotFound("user");
        if (favorite == caller.UserId) return SocialTargets.Self("add as a favorite");
        var args = new { viewer = caller.UserId, favorite, now = Timestamps.Now(time) };
        if (!await CappedSet.TryAddAsync(conn, tx, Set, args, Max, ct)) return Problems.Conflict($"You can have at most {Max} favorites; remove one first.");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// Removes a favorite (204 whether or not it was one). The reader's own favorite goes even when they can no longer see the
    /// account (taking back one's own choice never depends on the other account); 404 only when it was none of theirs and is
    /// an account they cannot see, as for an unknown name.
    /// </summary>
    public async Task<IResult> Remove(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // A gone account's token writes nothing (docs/accounts.md "Sessions"): until 2026-12-07 it still removed favorites here.
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteAsync(new CommandDefinition(DeleteOwnByName, new { viewer = caller.UserId, username }, cancellationToken: ct)) > 0)
            return Api.NoContent();
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } favorite) return Problems.NotFound("user");
        if (favorite == caller.UserId) return SocialTargets.Self("remove as a favorite"); // as adding oneself: a 400, not a 204
        await conn.ExecuteAsync(new CommandDefinition(Delete, new { viewer = caller.UserId, favorite }, cancellationToken: ct));
        return Api.NoContent();
    }

    public async Task<IResult> ListFavorites(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    /// <summary>GET /feed/favorites: the favorites' posts, newest first, as post cards.</summary>
    public async Task<IResult> Feed(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        return Api.Ok(await cards.PageAsync(conn, caller.UserId, Posts, page, new { viewer = caller.UserId }, ct));
    }
}
