using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// GET /users/me/suggestions (friends of friends, with a reason) and GET /users/search?q= (accounts by
/// username or name). Both are top-N lists (<c>limit</c> 1–50, default 20), not paged: a ranking has no
/// stable keyset position.
/// </summary>
public sealed class DiscoveryApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time, IOptions<SuggestionsOptions> suggestions)
{
    public const int SearchTermMax = 64;

    /// <summary>
    /// A caller whose second-degree graph is at most Suggestions:InlineGraphLimit gets the list computed now (exact and
    /// current); a larger one gets the list the suggestions job computed ahead, re-checked now, with <c>computedAt</c> saying
    /// when it was computed (null and no items until the job's first run for them) and <c>sampled</c> whether it came from a
    /// sample of their graph because the whole computation timed out — docs/social-graph.md "Suggestions".
    /// </summary>
    public async Task<IResult> Suggestions(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        var settings = suggestions.Value;
        var (viewer, now) = (caller.UserId, time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var graph = await conn.ExecuteScalarAsync<long>(new CommandDefinition(StoredSuggestionsSql.GraphSize,
            new { viewer, bound = settings.InlineGraphLimit }, cancellationToken: ct));
        if (graph <= settings.InlineGraphLimit)
        {
            var rows = await conn.QueryAsync<SuggestionRow>(new CommandDefinition(DiscoverySql.Suggestions, new { viewer, limit }, cancellationToken: ct));
            return Api.Ok(new SuggestionsResponse(rows.Select(r => r.ToSuggestion()).ToList(), now, Sampled: false));
        }
        var (computedAt, sampled) = await conn.QuerySingleAsync<(DateTimeOffset?, bool)>(new CommandDefinition(StoredSuggestionsSql.MarkRead,
            new { viewer, now, freshFor = settings.FreshFor }, cancellationToken: ct));
        var stored = await conn.QueryAsync<SuggestionRow>(new CommandDefinition(StoredSuggestionsSql.Read, new { viewer, limit }, cancellationToken: ct));
        return Api.Ok(new SuggestionsResponse(stored.Select(r => r.ToSuggestion()).ToList(), computedAt, sampled));
    }

    /// <summary>
    /// DELETE /users/me/suggestions/{username}: the account is not suggested to the caller again (idempotent, 204). 404 for a
    /// name the caller cannot see (unknown, deleted, deactivated, blocked either way); 400 for oneself.
    /// </summary>
    public async Task<IResult> Dismiss(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct); // the lookup holds the account's row against its purge
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } dismissed) return Problems.NotFound("user");
        if (dismissed == caller.UserId) return SocialTargets.Self("dismiss");
        await conn.ExecuteAsync(new CommandDefinition(DiscoverySql.Dismiss, new { viewer = caller.UserId, dismissed, now = time.GetUtcNow() },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// PUT /users/me/suggestions/{username}: takes a dismissal back, so the account may be suggested again when it qualifies
    /// (idempotent, 204, whether or not it was dismissed): a list computed ahead is due again if a dismissal was taken back. 404
    /// for a name the caller cannot
    /// see; 400 for oneself.
    /// </summary>
    public async Task<IResult> Undismiss(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The caller's own dismissal is taken back whatever the account's state (deactivated, suspended, blocking either way:
        // until 2026-12-07 a 404, and the dismissal held once the account was back).
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "suggestion_dismissals", "user_id", "dismissed_id", ct)
            is not { } dismissed) return Problems.NotFound("user");
        if (dismissed == caller.UserId) return SocialTargets.Self("suggest");
        // Only a dismissal taken back asks for the list again: a PUT of an account never dismissed changes nothing the list
        // holds, and must not let a script have a list computed every job tick instead of once in Suggestions:FreshFor.
        if (await conn.ExecuteAsync(new CommandDefinition(DiscoverySql.Undismiss, new { viewer = caller.UserId, dismissed }, tx, cancellationToken: ct)) > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition(StoredSuggestionsSql.AskAgain, new { viewer = caller.UserId, now = time.GetUtcNow() },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /users/me/suggestions/dismissed: the accounts the caller took out of their suggestions, newest first, keyset.</summary>
    public async Task<IResult> Dismissed(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, DiscoverySql.Dismissed, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    /// <summary>Anyone may search (profile headers are public); a signed-in caller never finds accounts blocked either way.</summary>
    public async Task<IResult> Search(HttpRequest request, CancellationToken ct)
    {
        if (!accessTokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        var term = request.Query["q"].ToString().Trim();
        if (term.StartsWith('@')) term = term[1..].TrimStart(); // as the search box reads it (SearchApi): usernames hold no '@'
        term = term.ToLowerInvariant();
        if (term.Length == 0) return Problems.Validation("q", "This field is required.");
        if (TermProblem(term) is { } badTerm) return badTerm;
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await FindAccountsAsync(conn, viewer, term, limit, ct);
        return await GoneCaller.EmptyAsync(conn, viewer, found.Count == 0, ct) ?? Api.Ok(new ItemsResponse<UserSummary>(found));
    }

    /// <summary>
    /// The 400 naming <c>q</c> for a search box term (trimmed, not empty; this route's, /search's and keyword search's) of
    /// more than <see cref="SearchTermMax"/> characters — code points, as every limit counts (TextRules) — or of more than
    /// one line; null when it may be searched.
    /// </summary>
    internal static IResult? TermProblem(string term) =>
        TextRules.Characters(term) > SearchTermMax ? Problems.Validation("q", $"Must be at most {SearchTermMax} characters.")
        : !TextRules.IsOneLine(term) ? Problems.Validation("q", "Must be one line without control characters.")
        : null;

    /// <summary>Accounts whose username or name holds <paramref name="term"/> (trimmed, lower case), best match first; none for a gone account's token.</summary>
    internal static async Task<IReadOnlyList<UserSummary>> FindAccountsAsync(NpgsqlConnection conn, Guid? viewer, string term, int limit,
        CancellationToken ct)
    {
        term = await Fowergram.Platform.Content.ComposedText.OfAsync(conn, term, ct); // a name typed with combining accents finds its composed twin
        var escaped = LikePattern.Escape(term);
        var rows = await conn.QueryAsync<UserListRow>(new CommandDefinition(DiscoverySql.Search,
            new { viewer, term, prefix = escaped + "%", contains = "%" + escaped + "%", limit }, cancellationToken: ct));
        return rows.Select(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified, r.IsPrivate)).ToList();
    }

}
