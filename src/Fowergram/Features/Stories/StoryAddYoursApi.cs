using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The "add yours" sticker (docs/stories.md "Stickers", migration 0135): a new story starts a chain or joins one
/// (<see cref="ChainForNewStoryAsync"/>, called by <see cref="StoriesApi.Create"/>), and GET /stories/{id}/add-yours opens it.
/// </summary>
public sealed class StoryAddYoursApi(NpgsqlDataSource db, AccessTokens tokens, StoryMedia media, IOptions<StoryOptions> options, TimeProvider time)
{
    /// <summary>GET /stories/{id}/add-yours: the chain of a story the caller may read, and its live stories they may see.</summary>
    public async Task<IResult> Chain(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var chain = await conn.QuerySingleOrDefaultAsync<AddYoursSql.Chain>(new CommandDefinition(AddYoursSql.OfStory,
            new { id = storyId, viewer = caller.UserId, now }, cancellationToken: ct));
        if (chain is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "addYours", ct);
        var rows = (await conn.QueryAsync<StoryRow>(new CommandDefinition(AddYoursSql.Stories, new
        {
            promptId = chain.Id, viewer = caller.UserId, now, liveSince = now - options.Value.Lifetime,
            afterAt = page.After?.CreatedAt, afterId = page.After?.Id, take = page.Limit + 1,
        }, cancellationToken: ct))).ToList();
        var result = Page<StoryRow>.From(rows, page.Limit, r => new Cursor(r.CreatedAt, r.Id));
        return Api.Ok(new AddYoursChain(chain.Id, chain.Prompt, chain.StoryCount,
            await media.ViewAllAsync(conn, result.Items, caller.UserId, ct), result.NextCursor));
    }

    /// <summary>
    /// In the new story's transaction: the chain it starts (a new prompt of the caller's) or joins (that of a live story the
    /// caller may see; anything else is a 400 naming <c>addYours.storyId</c>, so a hidden story is not told apart from none).
    /// </summary>
    internal static async Task<(Guid? PromptId, IResult? Problem)> ChainForNewStoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid caller, ValidAddYours? addYours, DateTimeOffset now, TimeProvider time, CancellationToken ct)
    {
        if (addYours is null) return (null, null);
        if (addYours.Prompt is { } prompt)
        {
            var id = Ids.New(time);
            await conn.ExecuteAsync(new CommandDefinition(AddYoursSql.Start, new { id, viewer = caller, prompt, now }, tx, cancellationToken: ct));
            return (id, null);
        }
        var joined = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(AddYoursSql.ToJoin,
            new { storyId = addYours.StoryId, viewer = caller, now }, tx, cancellationToken: ct));
        return joined is { } promptId
            ? (promptId, null)
            : (null, Problems.Validation("addYours.storyId", "No live story you can see with an \"add yours\" sticker has this id."));
    }
}
