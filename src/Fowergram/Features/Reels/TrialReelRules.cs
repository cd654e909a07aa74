using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// How long a trial runs, who may post one and when the trial-reels job shares one by itself (docs/reels.md "Trial reels").
/// </summary>
internal static class TrialReelRules
{
    /// <summary>Instagram's trial window: a trial not shared by then ends.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromHours(72);

    /// <summary>Auto-share compares the trial's plays with the median plays of this many of the author's latest reels shown to followers.</summary>
    public const int Compared = 10;

    /// <summary>With fewer reels than this to compare with there is no honest bar, so nothing is shared by itself.</summary>
    public const int MinCompared = 3;

    public const string Running = "running";
    public const string Shared = "shared";
    public const string Ended = "ended";

    private const string IsPrivate = "SELECT is_private FROM users WHERE id = @userId";

    /// <summary>
    /// A private account has no audience outside its followers to try a reel on, so it cannot post trials (409: the account's
    /// setting, not the body, is what stands in the way).
    /// </summary>
    public static async Task<IResult?> RefusedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(IsPrivate, new { userId }, tx, cancellationToken: ct))
            ? Problems.Conflict("A private account cannot post trial reels: only its followers could see them.",
                new Dictionary<string, string[]> { ["trial"] = ["Private accounts cannot post trial reels."] })
            : null;
}
