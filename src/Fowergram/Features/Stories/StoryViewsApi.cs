using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>POST /stories/{id}/seen and the owner's GET /stories/{id}/viewers.</summary>
public sealed class StoryViewsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Seen(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var seen = await conn.QuerySingleAsync<SeenRow>(new CommandDefinition(StoryViewsSql.MarkSeen,
            new { id = storyId, viewer = caller.UserId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        if (!seen.ViewerLive) return Problems.AccountGone();
        if (seen.AuthorId is not { } authorId) return Problems.NotFound("story");
        if (seen.Inserted)
            await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Viewed, caller.UserId,
                new StoryViewedEvent(storyId, authorId, caller.UserId, StoryEvents.EntityType, storyId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Owner only, live or archived: who saw the story, most recent first, and how many saw it.</summary>
    public async Task<IResult> Viewers(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var count = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(StoryViewsSql.OwnViewCount,
            new { id = storyId, owner = caller.UserId }, cancellationToken: ct));
        if (count is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "story", ct);
        var rows = (await conn.QueryAsync<ViewerRow>(new CommandDefinition(StoryViewsSql.Viewers, new
        {
            id = storyId, owner = caller.UserId, afterAt = page.After?.CreatedAt, afterId = page.After?.Id, take = page.Limit + 1,
        }, cancellationToken: ct))).ToList();
        var result = Page<ViewerRow>.From(rows, page.Limit, r => new Cursor(r.ViewedAt, r.ViewerId));
        return Api.Ok(new ViewersResponse(count.Value,
            result.Items.Select(r => new StoryViewer(new StoryAuthor(r.ViewerId, r.Username, r.Avatar), r.ViewedAt, r.Reaction)).ToList(),
            result.NextCursor));
    }

    private sealed class SeenRow
    {
        public bool ViewerLive { get; set; }
        public Guid? AuthorId { get; set; }
        public bool Inserted { get; set; }
    }

    private sealed class ViewerRow
    {
        public Guid ViewerId { get; set; }
        public string Username { get; set; } = "";
        public string? Avatar { get; set; }
        public DateTimeOffset ViewedAt { get; set; }
        public string? Reaction { get; set; }
    }
}
