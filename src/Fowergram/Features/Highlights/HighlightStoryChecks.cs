using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Highlights;

/// <summary>Only the caller's own, undeleted stories whose media still exists can be highlighted.</summary>
internal static class HighlightStoryChecks
{
    /// <summary>Locks the stories (FOR SHARE) until the transaction ends; null when all may be highlighted.</summary>
    public static async Task<IResult?> ProblemAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid caller, IReadOnlyCollection<Guid> ids,
        string field, CancellationToken ct)
    {
        var found = (await conn.QueryAsync<OwnStory>(new CommandDefinition(HighlightsSql.OwnStories,
            new { ids = ids.ToArray(), caller }, tx, cancellationToken: ct))).ToList();
        // Someone else's story, a deleted one and a made-up id all read the same: not found.
        if (found.Count < ids.Count) return Problems.NotFound("story");
        if (found.Any(s => s.MediaGone))
            return Problems.Conflict("The story's media has been removed, so it can no longer be highlighted.",
                new Dictionary<string, string[]> { [field] = ["The story's media has been removed."] });
        return null;
    }

    private sealed class OwnStory
    {
        public Guid Id { get; set; }
        public bool MediaGone { get; set; }
    }
}
