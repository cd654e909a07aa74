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
    private static string Owned(string table, string text, string removed, string author = "user_id") => $"""
        SELECT u.username AS author, {text} AS text, t.created_at, ({removed}) OR u.deleted_at IS NOT NULL OR NOT u.is_active AS removed
          FROM {table} t JOIN users u ON u.id = t.{author} WHERE t.id = @id
        """;

    private const string SoftDeleted = "t.deleted_at IS NOT NULL";

    private static readonly Dictionary<string, string> Statements = new()
    {
        ["user"] = "SELECT u.username AS author, nullif(u.bio, '') AS text, u.created_at, u.deleted_at IS NOT NULL OR NOT u.is_active AS removed FROM users u WHERE u.id = @id",
        ["post"] = Owned("posts", "nullif(t.caption, '')", SoftDeleted),
        ["comment"] = Owned("comments", "t.content", SoftDeleted),
        ["reel"] = Owned("reels", "nullif(t.caption, '')", SoftDeleted),
        ["reel_comment"] = Owned("reel_comments", "t.content", SoftDeleted),
        ["story"] = Owned("stories", "coalesce(t.link_text, t.alt_text)", SoftDeleted),
        ["igtv_video"] = Owned("igtv_videos", "t.title || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted),
        ["igtv_comment"] = Owned("igtv_comments", "t.content", SoftDeleted),
        ["message"] = Owned("messages", "t.content", "false", author: "sender_id"),
        ["live_stream"] = Owned("live_streams", "t.title", "t.status = 'cancelled'"),
        ["product"] = Owned("products", "t.name || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted),
        ["note"] = Owned("notes", "t.text", "false"),
    };

    /// <summary>The target as it is now; null when nothing of it is left (a message unsent, a note replaced, an account purged).</summary>
    public static async Task<ReportTargetView?> ReadAsync(NpgsqlConnection conn, string targetType, Guid targetId, CancellationToken ct) =>
        Statements.TryGetValue(targetType, out var sql)
            ? await conn.QuerySingleOrDefaultAsync<ReportTargetView>(new CommandDefinition(sql, new { id = targetId }, cancellationToken: ct))
            : null;

    /// <summary>Every reportable kind has its statement (ModerationTests holds this against ReportsSql.TargetTypes).</summary>
    public static IReadOnlyCollection<string> Kinds => Statements.Keys;
}
