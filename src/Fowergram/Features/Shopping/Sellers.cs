using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>Who may sell: a live account whose profile is a business profile (Instagram Shopping's rule).</summary>
internal static class Sellers
{
    /// <summary>Null when the caller may sell, else the problem: 401 for an account that is gone, 403 for any other category.</summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, CancellationToken ct)
    {
        var category = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(ProductsSql.SellerCategory, new { viewer }, tx, cancellationToken: ct));
        // profile_category is NOT NULL: no row means the account is deleted or deactivated (tokens outlive accounts).
        if (category is null) return Problems.AccountGone();
        return category == "business" ? null : Forbidden();
    }

    private static IResult Forbidden() => Problems.Forbidden(
        "Selling needs a business profile: switch with PATCH /api/v1/users/me {\"profileCategory\": \"business\"}.");
}
