using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>The posts the app showed the caller: <c>{posts: [id, …]}</c>, 1 to <see cref="PostImpressions.MaxPerReport"/> ids.</summary>
public sealed record ImpressionsRequest(IReadOnlyList<Guid>? Posts);

/// <summary>
/// POST /impressions (docs/insights.md "Reach and impressions"): the app reports the posts it showed, as Instagram's
/// clients do, and each one the caller may see counts towards its author's reach and impressions. Posts the caller may
/// not see (or no longer: deleted, archived, blocked meanwhile), their own and those past their window are passed over:
/// a report is a fact about the screen, not a request that can fail per post. Nothing is told back.
/// </summary>
public sealed class ImpressionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const int BodyLimit = 8 * 1024;

    public async Task<IResult> Record(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ImpressionsRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var ids = body.Value!.Posts?.Distinct().ToArray();
        if (ids is not { Length: > 0 and <= PostImpressions.MaxPerReport })
            return new Validation().Add("posts", $"Name 1 to {PostImpressions.MaxPerReport} posts the app showed.").ToProblem();
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PostImpressions.Record, new
        {
            viewer = caller.UserId, ids, now, windowStart = now.AddDays(-InsightsApi.MaxDays), sameLook = PostImpressions.SameLook,
        }, cancellationToken: ct))
            ? Api.NoContent()
            : Problems.AccountGone();
    }
}
