using Dapper;
using Fowergram.Features.Stories;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Highlights;

/// <summary>POST /highlights, DELETE /highlights/{id}. New highlights go first (display order 0), as on Instagram.</summary>
public sealed class HighlightsApi(NpgsqlDataSource db, AccessTokens tokens, HighlightViews views, TimeProvider time, IdempotentRequests idempotency)
{
    public const int TitleMax = 50;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateHighlightRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var (title, storyIds) = ((await ComposedText.WrittenAsync(db, body.Value!.Title, TitleMax, ct))?.Trim(), (body.Value.StoryIds ?? []).Distinct().ToList());
        var errors = new Validation().Required("title", title).MaxLength("title", title, TitleMax).OneLine("title", title);
        if (title?.Contains('\0') == true) errors.Add("title", "Must not contain NUL characters.");
        if (storyIds.Count == 0) errors.Add("storyIds", "Name at least one of your stories.");
        if (storyIds.Count > HighlightsSql.MaxStories) errors.Add("storyIds", $"At most {HighlightsSql.MaxStories} stories.");
        if (body.Value.CoverStoryId is { } cover && !storyIds.Contains(cover)) errors.Add("coverStoryId", "Must be one of storyIds.");
        if (!errors.IsValid) return errors.ToProblem();

        var (id, now) = (Ids.New(time), time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, new { caller = caller.UserId }, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(HighlightsSql.CountOwn, new { caller = caller.UserId }, tx, cancellationToken: ct))
            >= HighlightsSql.MaxHighlights)
            return Problems.Conflict($"You already have {HighlightsSql.MaxHighlights} highlights, the most allowed.");
        if (await HighlightStoryChecks.ProblemAsync(conn, tx, caller.UserId, storyIds, "storyIds", ct) is { } refused) return refused;

        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.ShiftAllDown, new { caller = caller.UserId }, tx, cancellationToken: ct));
        if (await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Insert, new { id, caller = caller.UserId, title, now }, tx, cancellationToken: ct)) == 0)
            return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.Link,
            new { id, storyIds = storyIds.ToArray(), caller = caller.UserId, now }, tx, cancellationToken: ct));
        if (body.Value.CoverStoryId is { } coverStoryId)
            await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.SetCover, new { id, caller = caller.UserId, coverStoryId, now }, tx, cancellationToken: ct));
        var created = (await views.LoadAsync(conn, tx, caller.UserId, id, null, withStories: true, ct)).Single();
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/highlights/{id}", created);
    }

    /// <summary>Owner only; the highlights after it move up one place. Its stories stay in the archive.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var highlightId)) return Problems.NotFound("highlight");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, new { caller = caller.UserId }, tx, cancellationToken: ct));
        var gap = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(HighlightsSql.Delete,
            new { id = highlightId, caller = caller.UserId }, tx, cancellationToken: ct));
        if (gap is null) return Problems.NotFound("highlight");
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.CloseGap, new { caller = caller.UserId, gap }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
