using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The countdown sticker (docs/stories.md "Stickers", migration 0131): viewers of the live story ask to be reminded (its
/// author too, if they like); the story-countdowns job sends each a countdown_ended notice when it ends.
/// </summary>
public sealed class StoryCountdownsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>PUT /stories/{id}/countdown/reminder: 204 (again: 204); 409 once the countdown ended; 404 when there is none to see.</summary>
    public async Task<IResult> Remind(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { id = storyId, viewer = caller.UserId, now };
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(CountdownSql.Remind, args, cancellationToken: ct)) is not null)
            return Api.NoContent();
        // Nothing set: say why, from what the caller may see. Announced counts as ended: the job's clock may have passed the end
        // while the caller's had not yet.
        var countdown = await conn.QuerySingleOrDefaultAsync<CountdownRow>(new CommandDefinition(CountdownSql.Read, args, cancellationToken: ct));
        return countdown is { } seen && seen.HasEnded(now)
            ? Problems.Conflict("The countdown has ended.")
            : Problems.NotFound("countdown");
    }

    /// <summary>DELETE /stories/{id}/countdown/reminder: 204 whether or not one was set.</summary>
    public async Task<IResult> Forget(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(CountdownSql.Forget, new { id = storyId, viewer = caller.UserId }, cancellationToken: ct));
        return Api.NoContent();
    }

    /// <summary>GET /stories/{id}/countdown: the sticker, whether it ended, the caller's reminder; how many asked, for the owner.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var countdown = await conn.QuerySingleOrDefaultAsync<CountdownRow>(new CommandDefinition(CountdownSql.Read,
            new { id = storyId, viewer = caller.UserId, now }, cancellationToken: ct));
        return countdown is null
            ? await GoneCaller.NotFoundAsync(conn, caller.UserId, "countdown", ct)
            : Api.Ok(new CountdownView(countdown.Id, countdown.Title, countdown.EndsAt, countdown.HasEnded(now), countdown.IsReminderSet,
                countdown.ReminderCount));
    }

    private sealed class CountdownRow
    {
        public Guid Id { get; set; }
        public string Title { get; set; } = "";
        public DateTimeOffset EndsAt { get; set; }
        public bool Announced { get; set; }
        public Guid AuthorId { get; set; }
        public bool IsReminderSet { get; set; }
        public long? ReminderCount { get; set; }

        public bool HasEnded(DateTimeOffset now) => EndsAt <= now || Announced;
    }
}
