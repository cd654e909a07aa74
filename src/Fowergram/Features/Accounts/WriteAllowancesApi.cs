using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// GET /users/me/write-allowances (docs/reliability.md "Write allowances"): the caller's own allowance of each write kind and
/// what its current hour and day used, so a client can pace itself or tell its user when a refused write fits again instead
/// of learning it only from a 429. Owner-only by construction (it reads the token's account); 401 for a gone account.
/// </summary>
public sealed class WriteAllowancesApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await allowances.StandingAsync(conn, caller.UserId, ct) is { } items
            ? Api.Ok(new WriteAllowancesView(items))
            : Problems.AccountGone();
    }
}
