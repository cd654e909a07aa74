using System.Text.Json;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Highlights;

/// <summary>
/// PATCH /highlights/{id} (title, cover, place) and PUT/DELETE /highlights/{id}/stories/{storyId}; owner only, and only while the
/// owner's account is live (tokens outlive accounts: a gone one's edits are a 401).
/// </summary>
public sealed class HighlightEditsApi(NpgsqlDataSource db, AccessTokens tokens, HighlightViews views, TimeProvider time)
{
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var highlightId)) return Problems.NotFound("highlight");
        var body = await JsonBody.ReadAsync<JsonDocument>(request, ct);
        if (body.Error is not null) return body.Error;
        using var document = body.Value!;
        if (document.RootElement.ValueKind != JsonValueKind.Object) return Problems.BadRequest("The request body must be a JSON object (a merge patch).");
        var errors = new Validation();
        var root = document.RootElement;
        var composedTitle = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String
            ? await ComposedText.WrittenAsync(db, t.GetString(), HighlightsApi.TitleMax, ct) : null;
        var patch = HighlightPatch.Parse(root, composedTitle, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var (now, args) = (time.GetUtcNow(), new { id = highlightId, caller = caller.UserId });
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, args, tx, cancellationToken: ct));
        var current = await conn.QuerySingleOrDefaultAsync<OwnRow>(new CommandDefinition(HighlightsSql.OwnHighlight, args, tx, cancellationToken: ct));
        if (current is null) return Problems.NotFound("highlight");
        if (patch.CoverStoryId is { } storyId && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(HighlightsSql.HasStory,
                new { id = highlightId, storyId }, tx, cancellationToken: ct)))
            return Problems.Validation("coverStoryId", "Must be a story of this highlight.");
        if (patch.DisplayOrder is { } to)
        {
            var count = await conn.ExecuteScalarAsync<long>(new CommandDefinition(HighlightsSql.CountOwn, args, tx, cancellationToken: ct));
            if (to >= count) return Problems.Validation("displayOrder", $"Must be from 0 to {count - 1}.");
            await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Move,
                new { id = highlightId, caller = caller.UserId, from = current.DisplayOrder, to, now }, tx, cancellationToken: ct));
        }
        if (patch.Title is { } title)
            await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Rename, new { id = highlightId, caller = caller.UserId, title, now }, tx, cancellationToken: ct));
        if (patch.SetCover)
            await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.SetCover,
                new { id = highlightId, caller = caller.UserId, coverStoryId = patch.CoverStoryId, now }, tx, cancellationToken: ct));
        var edited = (await views.LoadAsync(conn, tx, caller.UserId, highlightId, null, withStories: true, ct)).Single();
        await tx.CommitAsync(ct);
        return Api.Ok(edited);
    }

    /// <summary>Adds one of the caller's stories (live or archived); adding it again changes nothing.</summary>
    public async Task<IResult> AddStory(HttpRequest request, string id, string storyId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var highlightId)) return Problems.NotFound("highlight");
        if (!Guid.TryParse(storyId, out var story)) return Problems.NotFound("story");
        var (now, args) = (time.GetUtcNow(), new { id = highlightId, caller = caller.UserId });
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The owner's lock, as deleting takes it: unlocked, a deletion committing during the link could fail its foreign key check.
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, args, tx, cancellationToken: ct));
        var current = await conn.QuerySingleOrDefaultAsync<OwnRow>(new CommandDefinition(HighlightsSql.OwnHighlight, args, tx, cancellationToken: ct));
        if (current is null) return Problems.NotFound("highlight");
        if (await HighlightStoryChecks.ProblemAsync(conn, tx, caller.UserId, [story], "storyId", ct) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(HighlightsSql.HasStory, new { id = highlightId, storyId = story }, tx, cancellationToken: ct)))
            return Api.NoContent();
        if (current.StoryCount >= HighlightsSql.MaxStories)
            return Problems.Conflict($"A highlight holds at most {HighlightsSql.MaxStories} stories.");
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Link,
            new { id = highlightId, storyIds = new[] { story }, caller = caller.UserId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Touch, new { id = highlightId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Removes a story from the caller's highlight (idempotent); the story stays in the archive.</summary>
    public async Task<IResult> RemoveStory(HttpRequest request, string id, string storyId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var highlightId)) return Problems.NotFound("highlight");
        if (!Guid.TryParse(storyId, out var story)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The owner's lock, as every highlight write takes it: a restore rejoining the story holds it, and unlocked this delete
        // would miss the link the restore had not committed yet — a 204 with the story back in the highlight.
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, new { caller = caller.UserId }, tx, cancellationToken: ct));
        if (await conn.QuerySingleOrDefaultAsync<OwnRow>(new CommandDefinition(HighlightsSql.OwnHighlight,
                new { id = highlightId, caller = caller.UserId }, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("highlight");
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Unlink,
            new { id = highlightId, storyId = story, caller = caller.UserId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private sealed class OwnRow
    {
        public int DisplayOrder { get; set; }
        public long StoryCount { get; set; }
    }
}
