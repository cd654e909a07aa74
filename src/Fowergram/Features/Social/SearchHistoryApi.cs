using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Person = Fowergram.Platform.Content.UserSummary;

namespace Fowergram.Features.Social;

/// <summary>
/// Recent searches, private to their owner: POST records a pick from search results (an account, a hashtag or a
/// place), GET lists them newest first, DELETE forgets one or all. The client records what the user tapped; the
/// search routes themselves record nothing.
/// </summary>
public sealed class SearchHistoryApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int TermMax = 100;

    public async Task<IResult> Record(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<RecordSearchRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var (type, term) = (body.Value!.Type, body.Value.Term?.Trim() ?? "");
        await using var conn = await db.OpenConnectionAsync(ct);
        // A place is kept as posts keep it (composed, docs/posts.md "Places"), so picking it again in the other form moves one
        // entry; composed before it is measured (docs/api.md "Composed text"), so accents typed decomposed count once.
        if (type == "location") term = await ComposedText.PlaceAsync(conn, term, TermMax, ct);
        var validation = new Validation();
        if (type is not ("user" or "hashtag" or "location")) validation.Add("type", "Must be 'user', 'hashtag' or 'location'.");
        // In characters, as search_history's CHECK counts them (char_length): an emoji is one, not two UTF-16 units.
        if (TextRules.Characters(term) is 0 or > TermMax) validation.Add("term", $"Must be 1 to {TermMax} characters.");
        else if (!TextRules.IsOneLine(term)) // one line, as a search box holds
            validation.Add("term", "Must be one line without control characters.");
        // Invisible characters alone name nothing the owner could read back or pick again (docs/api.md "Blank text").
        else if (TextRules.IsBlank(term)) validation.Add("term", "Must show at least one character: invisible characters alone are no search.");
        if (!validation.IsValid) return validation.ToProblem();

        await using var tx = await conn.BeginTransactionAsync(ct);
        var viewer = caller.UserId;
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SearchHistorySql.LockUser, new { viewer }, tx, cancellationToken: ct)))
            return Problems.AccountGone();
        // What was picked: an account the caller may see, a hashtag with a use it may see, or a place as typed.
        Person? user = null;
        Guid? resultId = null;
        if (type == "user")
        {
            var name = term.TrimStart('@').ToLowerInvariant();
            user = await conn.QuerySingleOrDefaultAsync<Person>(new CommandDefinition(SearchHistorySql.FindUser, new { viewer, term = name }, tx, cancellationToken: ct));
            if (user is null) return Problems.NotFound("user");
            (term, resultId) = (user.Username, user.Id);
        }
        else if (type == "hashtag")
        {
            if (CaptionText.NormalizeHashtag(term) is not { } tag) return Problems.NotFound("hashtag");
            resultId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(SearchHistorySql.FindHashtag, new { term = tag, viewer }, tx, cancellationToken: ct));
            if (resultId is null) return Problems.NotFound("hashtag");
            term = tag;
        }
        // At the table's precision, so the 201's createdAt is the one the list shows (the clock is finer than a microsecond).
        var entry = new { id = Ids.New(time), viewer, type, term, resultId, now = Timestamps.Now(time) };
        await conn.ExecuteAsync(new CommandDefinition(SearchHistorySql.DropSame, entry, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SearchHistorySql.Insert, entry, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SearchHistorySql.TrimToKept, entry, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/users/me/searches/{entry.id}", new RecentSearch(entry.id, type!, term, user, entry.now));
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var found = await KeysetQuery.PageAsync<SearchHistoryRow>(conn, SearchHistorySql.Page, page, new { viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(found.Map(r => r.ToItem()));
    }

    /// <summary>The caller's own entry, or 404 (another user's id changes nothing and reveals nothing).</summary>
    public async Task<IResult> Forget(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var entryId)) return Problems.NotFound("search");
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await LiveCaller.RunAsync(conn, SearchHistorySql.DeleteOne, new { id = entryId, viewer = caller.UserId }, ct);
        return !deleted.Live ? Problems.AccountGone() : deleted.Written == 0 ? Problems.NotFound("search") : Api.NoContent();
    }

    public async Task<IResult> Clear(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await LiveCaller.RunAsync(conn, SearchHistorySql.DeleteAll, new { viewer = caller.UserId }, ct)).Live ? Api.NoContent() : Problems.AccountGone();
    }
}

public sealed record RecordSearchRequest(string? Type, string? Term);

/// <summary>One recent search: <c>user</c> is set for accounts (as they are now), <c>term</c> is the username, hashtag or place.</summary>
public sealed record RecentSearch(Guid Id, string Type, string Term, Person? User, DateTimeOffset CreatedAt);
