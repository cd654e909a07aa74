using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Hashtags;

/// <summary>Hashtag pages, following hashtags and trending hashtags. Names are case-insensitive; a leading '#' (%23) is accepted.</summary>
public sealed class HashtagsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    public const int DefaultTrending = 10;

    public async Task<IResult> Get(HttpRequest request, string name, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (CaptionText.NormalizeHashtag(name) is not { } tag) return Problems.NotFound("hashtag");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var hashtag = await conn.QuerySingleOrDefaultAsync<HashtagRow>(new CommandDefinition(HashtagsSql.Find, new { name = tag, viewer }, cancellationToken: ct));
        if (hashtag is null) return await GoneCaller.NotFoundAsync(conn, viewer, "hashtag", ct);
        // At most UseProbe uses past the cursor are read: a page may hold fewer cards than asked, even none, and still a cursor.
        var ids = await WalkedPage.ReadAsync(conn, HashtagsSql.Posts, page, new { hashtagId = hashtag.Id, viewer }, HashtagsSql.UseProbe, ct);
        var posts = new Page<PostCard>(await cards.LoadAsync(conn, viewer, ids.Items, ct), ids.NextCursor);
        return Api.Ok(new HashtagPage(hashtag.Name, hashtag.PostCount, hashtag.ReelCount, hashtag.IsFollowing, posts));
    }

    /// <summary>Most hashtags one account may follow: the rows were unbounded, so a script could follow every tag there is.</summary>
    public const int MaxFollowed = 1_000;

    /// <summary>Idempotent (following twice is fine); a new follow beyond <see cref="MaxFollowed"/> is a 409 and writes nothing.</summary>
    public async Task<IResult> Follow(HttpRequest request, string name, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (CaptionText.NormalizeHashtag(name) is not { } tag) return Problems.NotFound("hashtag");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // A tag the caller may see no use of is followed as an unknown one is: 404 (HashtagsSql.Find), unless it follows it already.
        var hashtagId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(HashtagsSql.FollowableIdOf,
            new { name = tag, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (hashtagId is null) return Problems.NotFound("hashtag");
        var args = new { viewer = caller.UserId, hashtagId, now = Timestamps.Now(time) };
        if (!await CappedSet.TryAddAsync(conn, tx, HashtagsSql.Follows, args, MaxFollowed, ct))
            return Problems.Conflict($"You can follow at most {MaxFollowed} hashtags; unfollow one first.");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// DELETE /hashtags/{name}/follow: ends the caller's follow (204), and is a 204 again for a tag it may see but does not follow.
    /// A tag it neither follows nor may see a use of is the unknown tag's 404, as its page and a new follow are: until session 57
    /// the 204 went to any existing tag, telling a stranger that private accounts used it.
    /// </summary>
    public async Task<IResult> Unfollow(HttpRequest request, string name, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (CaptionText.NormalizeHashtag(name) is not { } tag) return Problems.NotFound("hashtag");
        await using var conn = await db.OpenConnectionAsync(ct);
        // Tokens outlive accounts: a deleted or deactivated one is told so (the delete would find nothing, answering 404).
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteAsync(new CommandDefinition(HashtagsSql.Unfollow, new { name = tag, viewer = caller.UserId }, cancellationToken: ct)) == 1)
            return Api.NoContent();
        var visible = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(HashtagsSql.VisibleIdOf,
            new { name = tag, viewer = caller.UserId }, cancellationToken: ct));
        return visible is null ? Problems.NotFound("hashtag") : Api.NoContent();
    }

    /// <summary>
    /// GET /users/me/followed-hashtags: the hashtags the caller follows, most recently followed first, with the counts their
    /// pages show. Until session 53 only the export listed them, so a follow could not be found again but by its name.
    /// </summary>
    public async Task<IResult> Followed(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await KeysetQuery.PageAsync<FollowedRow>(conn, HashtagsSql.Followed, page, new { viewer = caller.UserId },
            r => new Cursor(r.FollowedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new FollowedHashtag(r.Name, r.PostCount, r.ReelCount, r.FollowedAt)));
    }

    /// <summary>GET /hashtags/trending?limit= (1–50, default 10): get_trending_hashtags over the last 24 hours.</summary>
    public async Task<IResult> Trending(HttpRequest request, CancellationToken ct)
    {
        if (!PageRequest.TryReadLimit(request, DefaultTrending, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TrendingRow>(new CommandDefinition(HashtagsSql.Trending, new { limit, now = time.GetUtcNow() }, cancellationToken: ct));
        return Api.Ok(new TrendingHashtags(rows.Select(r => new TrendingHashtag(r.Name, r.RecentPostCount, r.PostCount, r.ReelCount)).ToList()));
    }

    /// <summary>
    /// GET /hashtags/search?q=&amp;limit= (1–50, default 20): hashtags whose name contains the term (three letters or
    /// more) or starts with it (fewer), best match first, each with a post or reel the caller (a guest too) may see: a top-N list, not paged.
    /// </summary>
    public async Task<IResult> Search(HttpRequest request, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var raw = request.Query["q"].ToString();
        if (raw.Trim().TrimStart('#').Length == 0) return Problems.Validation("q", "This field is required.");
        if (CaptionText.NormalizeHashtag(raw) is not { } term)
            return Problems.Validation("q", $"Must be at most {CaptionText.MaxHashtagLength} letters, digits or underscores (a leading # is fine).");
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await FindHashtagsAsync(conn, caller?.UserId, term, limit, ct);
        return await GoneCaller.EmptyAsync(conn, caller?.UserId, found.Count == 0, ct) ?? Api.Ok(new HashtagMatches(found));
    }

    /// <summary>
    /// Hashtags matching a normalised <paramref name="term"/> (<see cref="CaptionText.NormalizeHashtag"/>), best match first,
    /// only those with a post or reel <paramref name="viewer"/> (null: a guest) may see (HashtagsSql.Ranked); none for a gone account's token.
    /// </summary>
    internal static async Task<IReadOnlyList<HashtagMatch>> FindHashtagsAsync(NpgsqlConnection conn, Guid? viewer, string term, int limit, CancellationToken ct)
    {
        var escaped = LikePattern.Escape(term); // of the wildcards, a hashtag name can hold only '_'
        var rows = await conn.QueryAsync<HashtagMatch>(new CommandDefinition(term.Length >= 3 ? HashtagsSql.SearchContaining : HashtagsSql.SearchStarting,
            new { viewer, term, prefix = escaped + "%", contains = "%" + escaped + "%", limit }, cancellationToken: ct));
        return rows.ToList();
    }
}
