using Dapper;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// What a moderator needs to judge a report without the reporter's eyes (docs/moderation.md "One report"): the target's
/// author, its words (caption, comment, message, bio, title, note...) and whether it is still up. Read whatever the
/// moderator's own relationship to the author, since moderators must see what was reported in a private account or a
/// thread they are not in; nothing else of the account is shown. Media are not signed here: the words and the author are
/// what reports are about in most cases, and a moderator who needs the picture asks an operator.
/// </summary>
internal static class ReportTargets
{
    /// <summary>Where a kind of target lives: its table, its words, when it counts as down, and the column naming its owner.</summary>
    private sealed record Kind(string Table, string Text, string Removed, string Owner = "user_id")
    {
        public string Preview => $"""
            SELECT u.username AS author, {Text} AS text, t.created_at, ({Removed}) OR u.deleted_at IS NOT NULL OR NOT u.is_active AS removed
              FROM {Table} t JOIN users u ON u.id = t.{Owner} WHERE t.id = @id
            """;

        public string OwnerOf => $"SELECT {Owner} FROM {Table} WHERE id = @id";
    }

    private const string SoftDeleted = "t.deleted_at IS NOT NULL";

    private static readonly Dictionary<string, Kind> ByType = new()
    {
        ["user"] = new("users", "nullif(t.bio, '')", "false", Owner: "id"),
        ["post"] = new("posts", "nullif(t.caption, '')", SoftDeleted),
        ["comment"] = new("comments", "t.content", SoftDeleted),
        ["reel"] = new("reels", "nullif(t.caption, '')", SoftDeleted),
        ["reel_comment"] = new("reel_comments", "t.content", SoftDeleted),
        ["story"] = new("stories", "coalesce(t.link_text, t.alt_text)", SoftDeleted),
        ["igtv_video"] = new("igtv_videos", "t.title || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted),
        ["igtv_comment"] = new("igtv_comments", "t.content", SoftDeleted),
        ["message"] = new("messages", "t.content", "false", Owner: "sender_id"),
        ["live_stream"] = new("live_streams", "t.title", "t.status = 'cancelled'"),
        ["product"] = new("products", "t.name || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted),
        ["note"] = new("notes", "t.text", "false"),
    };

    /// <summary>The target as it is now; null when nothing of it is left (a message unsent, a note replaced, an account purged).</summary>
    public static async Task<ReportTargetView?> ReadAsync(NpgsqlConnection conn, string targetType, Guid targetId, CancellationToken ct) =>
        ByType.TryGetValue(targetType, out var kind)
            ? await conn.QuerySingleOrDefaultAsync<ReportTargetView>(new CommandDefinition(kind.Preview, new { id = targetId }, cancellationToken: ct))
            : null;

    /// <summary>Whose the target is (author, sender, broadcaster, the account itself); null when nothing of it is left.</summary>
    public static async Task<Guid?> OwnerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, CancellationToken ct) =>
        ByType.TryGetValue(targetType, out var kind)
            ? await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(kind.OwnerOf, new { id = targetId }, tx, cancellationToken: ct))
            : null;

    /// <summary>Every reportable kind has its statement (ModerationTests holds this against ReportsSql.TargetTypes).</summary>
    public static IReadOnlyCollection<string> Kinds => ByType.Keys;
}
