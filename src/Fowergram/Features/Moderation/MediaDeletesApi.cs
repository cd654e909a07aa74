using Dapper;
using Fowergram.Features.Stories;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// The deletes the media store refused the clean-up jobs (docs/media.md "Refused deletes"), for moderators, the product's
/// only staff role: the list, newest first (<c>?state=dead</c> or <c>retrying</c> to narrow it), and a retry that makes a
/// record due now, given up or not: the job tries at its next run, and a delete that succeeds clears the record. Only records
/// whose subject is still due for deletion, by their job's own rule (MediaDeletesSql): one whose subject is wanted again (a
/// story put in a highlight) is neither listed nor retried, though its row stays until the job's next run forgets it.
/// </summary>
public sealed class MediaDeletesApi(NpgsqlDataSource db, AccessTokens tokens, IOptions<StoryOptions> stories, TimeProvider time)
{
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Who asks before what they sent: a non-moderator's refusal must not depend on (and so teach) the paging or the filter.
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var state = request.Query["state"].ToString();
        if (state.Length > 0 && state is not ("dead" or "retrying")) return Problems.Validation("state", "Must be dead or retrying.");
        var now = Timestamps.Now(time);
        return Api.Ok((await KeysetQuery.PageAsync<MediaDeleteRow>(conn, MediaDeletesSql.Recent, page,
            new { state = state.Length > 0 ? state : null, now, cutoff = StoryCutoff(now) }, r => new Cursor(r.FirstFailedAt, r.Id), ct)).Map(r => r.ToView()));
    }

    /// <summary>
    /// 200 with the record, due now; 404 for an id that names none (the delete may have succeeded meanwhile) or whose subject is
    /// no longer due (wanted again: the job would delete nothing).
    /// </summary>
    public async Task<IResult> Retry(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!Guid.TryParse(id, out var recordId)) return Problems.NotFound("refused delete");
        var now = Timestamps.Now(time);
        var row = await conn.QuerySingleOrDefaultAsync<MediaDeleteRow>(new CommandDefinition(MediaDeletesSql.Retry,
            new { id = recordId, now, cutoff = StoryCutoff(now) }, cancellationToken: ct));
        return row is null ? Problems.NotFound("refused delete") : Api.Ok(row.ToView());
    }

    /// <summary>Where story-expiry's rule for expired stories starts (now less Stories:ExpiredMediaGrace), as the job reckons it.</summary>
    private DateTimeOffset StoryCutoff(DateTimeOffset now) => now - stories.Value.ExpiredMediaGrace;
}
