using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>Who may work the queue and suspend accounts: the accounts in <c>moderators</c> (docs/deploy.md "Moderators").</summary>
internal static class Moderators
{
    public static async Task<bool> IsAsync(NpgsqlConnection conn, Guid viewer, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReportsSql.IsModerator, new { viewer }, cancellationToken: ct));

    public static IResult Forbidden() => Problems.Forbidden("Only moderators work the reports queue and suspend accounts.");
}
