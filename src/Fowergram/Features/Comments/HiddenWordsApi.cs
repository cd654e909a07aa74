using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Hidden words (docs/social-graph.md "Hidden words", migration 0106): PUT/DELETE /users/me/hidden-words/{word} (idempotent,
/// 204) and GET /users/me/hidden-words. Comments with one of them written afterwards on the caller's posts, reels and videos
/// are held for review (<see cref="CommentHolding"/>); comments already written are left as they are.
/// </summary>
public sealed class HiddenWordsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int Max = 500;

    /// <summary>One account's adds take turns (the lock), so two at once cannot both pass the limit.</summary>
    private static readonly CappedSetSql Words = new(
        Lock: "SELECT pg_advisory_xact_lock(hashtext('hidden_words'), hashtext(@viewer::text))",
        Exists: "SELECT EXISTS (SELECT 1 FROM hidden_words WHERE user_id = @viewer AND word = @word)",
        Count: "SELECT count(*) FROM hidden_words WHERE user_id = @viewer",
        Insert: "INSERT INTO hidden_words (user_id, word, created_at) VALUES (@viewer, @word, @now) ON CONFLICT (user_id, word) DO NOTHING");

    private static readonly string Delete = LiveCaller.Guarded("@viewer", $"DELETE FROM hidden_words WHERE user_id = @viewer AND word = @word AND {LiveCaller.IsLive}");

    private const string List = "SELECT word, created_at AS since FROM hidden_words WHERE user_id = @viewer ORDER BY word";

    public async Task<IResult> Add(HttpRequest request, string word, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        // A word that shows nothing (zero-width characters alone: TextRules.IsBlank) would hide every comment carrying one. Only
        // adding refuses it: one hidden before session 54 can still be removed.
        if (Validate(word) is not { } normalized || TextRules.IsBlank(normalized)) return Invalid();
        await using var conn = await db.OpenConnectionAsync(ct);
        var stored = await ComposedAsync(conn, normalized, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { viewer = caller.UserId, word = stored, now = Timestamps.Now(time) };
        if (!await CappedSet.TryAddAsync(conn, tx, Words, args, Max, ct)) return Problems.Conflict($"You can hide at most {Max} words; remove one first.");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Removes a hidden word (204 whether or not it was one).</summary>
    public async Task<IResult> Remove(HttpRequest request, string word, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (Validate(word) is not { } normalized) return Invalid();
        await using var conn = await db.OpenConnectionAsync(ct);
        var stored = await ComposedAsync(conn, normalized, ct);
        return (await LiveCaller.RunAsync(conn, Delete, new { viewer = caller.UserId, word = stored }, ct)).Live ? Api.NoContent() : Problems.AccountGone();
    }

    /// <summary>Every hidden word of the caller's (at most <see cref="Max"/>), alphabetically.</summary>
    public async Task<IResult> ListWords(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var words = await conn.QueryAsync<HiddenWord>(new CommandDefinition(List, new { viewer = caller.UserId }, cancellationToken: ct));
        return Api.Ok(new ItemsResponse<HiddenWord>(words.ToList()));
    }

    /// <summary>
    /// The route's word as stored, or null. Routing decodes a path segment except for an encoded '/', which stays "%2F": so a
    /// '/' (or what may have been one) is refused rather than stored as three other characters.
    /// </summary>
    private static string? Validate(string word) =>
        word.Contains('/') || word.Contains("%2F", StringComparison.OrdinalIgnoreCase) ? null : HiddenWords.Normalize(word);

    /// <summary>
    /// The word in Unicode's composed form (NFC), as the text it is looked for in is composed before matching
    /// (<see cref="CommentHolding"/>, messages' RequestFilter): "é" typed as one code point or as "e" + U+0301 is one word. As
    /// typed when composing would make it longer than the table's 100 characters (a rare composition exclusion).
    /// </summary>
    private static async Task<string> ComposedAsync(NpgsqlConnection conn, string word, CancellationToken ct) =>
        await ComposedText.OfAsync(conn, word, ct) is var composed && TextRules.Characters(composed) <= HiddenWords.MaxLength ? composed : word;

    private static IResult Invalid() => Problems.Validation("word",
        $"A hidden word is 1–{HiddenWords.MaxLength} characters (a word, a phrase or emoji), without control characters or '/'.");
}

/// <summary>A hidden word and since when it is hidden.</summary>
public sealed record HiddenWord(string Word, DateTimeOffset Since);
