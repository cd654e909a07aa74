using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// How many new reports one account may file in an hour (docs/moderation.md "Reporting limit"). Reports cost a moderator's
/// time and, three of them, a target's reach ("Limited while in review"), so one account must not flood the queue; a
/// constant, as <see cref="Fowergram.Platform.Moderation.ReviewLimit"/>, so both hosts and the tests agree on it.
/// </summary>
internal static class ReportLimit
{
    public const int PerHour = 50;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>
    /// The reporter's turn (first key 0x72707274, "rprt"), taken after the target's: two filings of one account take turns, so
    /// the count that follows sees every report committed before and parallel filings cannot slip past the limit.
    /// </summary>
    private const string TakeReporterTurn = "SELECT pg_advisory_xact_lock(1920496244, hashtext(@viewer::text))";

    /// <summary>The newest <see cref="PerHour"/> reports of the window (reports_reporter): their count and the oldest's time.</summary>
    private const string Recent = """
        SELECT count(*)::int AS count, min(created_at) AS oldest FROM (
            SELECT created_at FROM reports WHERE reporter_id = @viewer AND created_at > @since ORDER BY created_at DESC LIMIT @limit) recent
        """;

    /// <summary>A 429 with Retry-After when the account has filed <see cref="PerHour"/> reports in the last hour; null otherwise.</summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(TakeReporterTurn, new { viewer }, tx, cancellationToken: ct));
        var (count, oldest) = await conn.QuerySingleAsync<(int, DateTimeOffset?)>(new CommandDefinition(Recent,
            new { viewer, since = now - Window, limit = PerHour }, tx, cancellationToken: ct));
        return count < PerHour ? null
            : Problems.TooManyRequests(oldest!.Value + Window - now, $"You can file {PerHour} reports an hour; try again later.");
    }
}
