using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Who may remix what (docs/reels.md "Remixes", migration 0141): a reel the caller sees, and either the caller's own or a
/// public account's whose account switch and the reel's own "Allow remixing" are both on, and which is no trial still kept
/// from the author's followers. The pattern of stories' shares
/// (StoryShares): 404 for what the caller cannot see, 403 for what they see but may not remix.
/// </summary>
internal static class ReelRemixes
{
    // Key-share locked until the remix commits, so a purge deleting the original for good waits rather than failing the key.
    // An edit of the original's allowRemix does not wait (FOR NO KEY UPDATE since migration 0226): a remix that read it still
    // on counts as made before the switch, as one committed a moment earlier would.
    private static readonly string Remixable = $"""
        SELECT r.user_id AS author_id, r.user_id = @viewer AS own, u.is_private, u.allow_reel_remixes, r.allow_remix,
               r.trial_status IS NOT NULL AND r.trial_status <> '{TrialReelRules.Shared}' AS unshared_trial
          FROM reels r JOIN users u ON u.id = r.user_id
         WHERE r.id = @id AND {ReelAccess.VisibleTo}
           FOR KEY SHARE OF r
        """;

    /// <summary>Live remixes of a reel that the viewer may see, newest first (reels_remixes).</summary>
    public static readonly string Page = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE r.remix_of_id = @reelId AND {ReelAccess.VisibleTo} AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>The caller's account switch (users.allow_reel_remixes), for GET and PUT /users/me/reel-remixes.</summary>
    public static readonly UserSetting Switch = new("allow_reel_remixes", "allowed");

    /// <summary>The original's author when the caller may remix it; else the refusal (and nothing may be written).</summary>
    public static async Task<(IResult? Refusal, Guid AuthorId)> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid id,
        CancellationToken ct)
    {
        var original = await conn.QuerySingleOrDefaultAsync<RemixableRow>(new CommandDefinition(Remixable, new { viewer, id }, tx, cancellationToken: ct));
        IResult? refusal = original switch
        {
            null => Problems.NotFound("reel"),
            { Own: true } => null,
            { IsPrivate: true } => Problems.Forbidden("A private account's reels cannot be remixed."),
            { AllowReelRemixes: false } => Problems.Forbidden("The author does not allow their reels to be remixed."),
            { AllowRemix: false } => Problems.Forbidden("The author turned off remixing for this reel."),
            // A remix carries the original's picture to the remixer's followers — among them the author's, whom a trial is kept
            // from until it is shared (docs/reels.md "Trial reels"); as for reposts, the text names no trial.
            { UnsharedTrial: true } => Problems.Forbidden("This reel cannot be remixed."),
            _ => null,
        };
        return (refusal, original?.AuthorId ?? Guid.Empty);
    }

    private sealed class RemixableRow
    {
        public Guid AuthorId { get; init; }
        public bool Own { get; init; }
        public bool IsPrivate { get; init; }
        public bool AllowReelRemixes { get; init; }
        public bool AllowRemix { get; init; }
        public bool UnsharedTrial { get; init; }
    }
}
