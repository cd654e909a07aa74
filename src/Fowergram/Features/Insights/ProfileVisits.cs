using Dapper;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// Profile visits (docs/insights.md "Profile visits"): one row per profile, UTC day and visiting account, written as a
/// signed-in account reads someone else's profile. The owner's insights count them; nobody is ever told who visited.
/// </summary>
internal static class ProfileVisits
{
    /// <summary>
    /// Records that <paramref name="visitor"/> opened <paramref name="owner"/>'s profile today; a second look the same day
    /// writes nothing. The profile read itself decided that the visitor may see the profile (not blocked either way).
    /// </summary>
    public static Task RecordAsync(NpgsqlConnection conn, Guid owner, Guid visitor, DateTimeOffset now, CancellationToken ct) =>
        owner == visitor
            ? Task.CompletedTask
            : conn.ExecuteAsync(new CommandDefinition(Record, new { owner, visitor, day = DateOnly.FromDateTime(now.UtcDateTime) }, cancellationToken: ct));

    // ON CONFLICT DO NOTHING: repeated looks cost one index probe and no write. The visitor is checked live: a token outlives
    // its account by minutes, and a deleted, deactivated or suspended account's look is no visit (as its reports of posts
    // shown are no impressions); one purged meanwhile is no foreign-key error either.
    private static readonly string Record = $"""
        INSERT INTO profile_visits (user_id, day, visitor_id)
        SELECT @owner, @day, @visitor WHERE {LiveCaller.Is("@visitor")}
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Visits (one per visitor and day) and distinct visiting accounts over the UTC days after @sinceDay, today included.</summary>
    public const string Totals = """
        SELECT count(*) AS visits, count(DISTINCT visitor_id) AS accounts
          FROM profile_visits WHERE user_id = @viewer AND day > @sinceDay
        """;
}
