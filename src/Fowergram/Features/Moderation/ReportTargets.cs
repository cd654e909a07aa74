using Dapper;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// What a moderator needs to judge a report without the reporter's eyes (docs/moderation.md "One report"): the target's
/// author, its words (caption, comment, message, bio, title, note...) and whether it is still up. Read whatever the
/// moderator's own relationship to the author, since moderators must see what was reported in a private account or a
/// thread they are not in; nothing else of the account is shown. Its media (photos, videos, covers, a product's images, an
/// account's profile photo) come as short-lived signed read URLs, issued to moderators only.
/// </summary>
internal static class ReportTargets
{
    /// <summary>
    /// Where a kind of target lives: its table, its words, when it counts as down, the column naming its owner, and the
    /// statement listing its media in order (object_name, content_type; none for words-only kinds).
    /// </summary>
    private sealed record Kind(string Table, string Text, string Removed, string Owner = "user_id", string? Media = null)
    {
        public string Preview => $"""
            SELECT u.username AS author, {Text} AS text, t.created_at, ({Removed}) OR u.deleted_at IS NOT NULL OR NOT u.is_active AS removed
              FROM {Table} t JOIN users u ON u.id = t.{Owner} WHERE t.id = @id
            """;

        public string OwnerOf => $"SELECT {Owner} FROM {Table} WHERE id = @id";
    }

    private const string SoftDeleted = "t.deleted_at IS NOT NULL";

    /// <summary>A reel's or a video's stream, then its cover.</summary>
    private static string VideoAndCover(string table) => $"""
        SELECT v.video_blob_name AS object_name, up.content_type FROM {table} v LEFT JOIN uploads up ON up.id = v.upload_id WHERE v.id = @id
        UNION ALL
        SELECT v.thumbnail_blob_name, tu.content_type FROM {table} v JOIN uploads tu ON tu.id = v.thumbnail_upload_id WHERE v.id = @id
        """;

    private static readonly Dictionary<string, Kind> ByType = new()
    {
        ["user"] = new("users", "nullif(t.bio, '')", "false", Owner: "id", Media: """
            SELECT up.blob_name AS object_name, up.content_type FROM users u JOIN uploads up ON up.id = u.avatar_upload_id WHERE u.id = @id
            """),
        ["post"] = new("posts", "nullif(t.caption, '')", SoftDeleted, Media: """
            SELECT m.blob_name AS object_name, coalesce(m.content_type, up.content_type) AS content_type
              FROM post_media m LEFT JOIN uploads up ON up.id = m.upload_id WHERE m.post_id = @id ORDER BY m.display_order
            """),
        ["comment"] = new("comments", "t.content", SoftDeleted),
        ["reel"] = new("reels", "nullif(t.caption, '')", SoftDeleted, Media: VideoAndCover("reels")),
        ["reel_comment"] = new("reel_comments", "t.content", SoftDeleted),
        ["story"] = new("stories", "coalesce(t.link_text, t.alt_text)", SoftDeleted, Media: """
            SELECT s.blob_name AS object_name, up.content_type FROM stories s LEFT JOIN uploads up ON up.id = s.upload_id
             WHERE s.id = @id AND s.media_deleted_at IS NULL
            """),
        ["igtv_video"] = new("igtv_videos", "t.title || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted, Media: VideoAndCover("igtv_videos")),
        ["igtv_comment"] = new("igtv_comments", "t.content", SoftDeleted),
        // A removed message shows the moderator what its takedown kept aside for an appeal (removed_messages, migration 0179),
        // so an appeal is judged on what was said; nobody else reads it.
        ["message"] = new("messages", "coalesce(t.content, (SELECT k.content FROM removed_messages k WHERE k.message_id = t.id))",
            "t.message_type = 'removed'", Owner: "sender_id", Media: """
            SELECT coalesce(m.media_blob_name, k.media_blob_name) AS object_name, up.content_type
              FROM messages m LEFT JOIN removed_messages k ON k.message_id = m.id LEFT JOIN uploads up ON up.id = coalesce(m.upload_id, k.upload_id)
             WHERE m.id = @id
            """),
        ["live_stream"] = new("live_streams", "t.title", "t.status = 'cancelled'"),
        ["product"] = new("products", "t.name || coalesce(E'\\n' || nullif(t.description, ''), '')", SoftDeleted, Media: """
            SELECT up.blob_name AS object_name, up.content_type FROM product_images pi JOIN uploads up ON up.id = pi.upload_id
             WHERE pi.product_id = @id ORDER BY pi.position
            """),
        ["note"] = new("notes", "t.text", "t.removed_at IS NOT NULL"),
        // A channel: its name and description. A channel message as a direct message: what its takedown kept aside shows
        // (removed_channel_messages, migration 0185); a poll as its question and options; down too when its channel is.
        ["broadcast_channel"] = new("broadcast_channels", "t.name || coalesce(E'\\n' || t.description, '')", "t.removed_at IS NOT NULL",
            Owner: "owner_id"),
        ["channel_message"] = new("broadcast_channel_messages", $"coalesce({ChannelWords("t")}, (SELECT {ChannelWords("k")} FROM removed_channel_messages k WHERE k.message_id = t.id))",
            "t.removed_at IS NOT NULL OR EXISTS (SELECT 1 FROM broadcast_channels c WHERE c.id = t.channel_id AND c.removed_at IS NOT NULL)",
            Owner: "sender_id", Media: """
            SELECT coalesce(m.media_blob_name, k.media_blob_name) AS object_name, up.content_type
              FROM broadcast_channel_messages m LEFT JOIN removed_channel_messages k ON k.message_id = m.id
              LEFT JOIN uploads up ON up.id = coalesce(m.upload_id, k.upload_id)
             WHERE m.id = @id
            """),
    };

    /// <summary>A channel message's words (alias <paramref name="m"/>): its text, else its poll's question and options, a line each.</summary>
    private static string ChannelWords(string m) =>
        $"coalesce({m}.content, {m}.poll_question || E'\\n' || array_to_string({m}.poll_options, E'\\n'))";

    /// <summary>
    /// The target as it is now, its media signed for the moderator (already checked to be one); null when nothing of it is
    /// left (a message unsent, a note replaced, an account purged). A removed target's objects go with the media clean-up,
    /// after which their URLs answer 404.
    /// </summary>
    public static async Task<ReportTargetView?> ReadAsync(NpgsqlConnection conn, MediaUploads media, string targetType, Guid targetId,
        CancellationToken ct)
    {
        if (!ByType.TryGetValue(targetType, out var kind)) return null;
        var target = await conn.QuerySingleOrDefaultAsync<ReportTargetView>(new CommandDefinition(kind.Preview, new { id = targetId }, cancellationToken: ct));
        if (target is null || kind.Media is null) return target;
        var signed = new List<ReportMediaView>();
        foreach (var (objectName, contentType) in await conn.QueryAsync<(string? ObjectName, string? ContentType)>(
                     new CommandDefinition(kind.Media, new { id = targetId }, cancellationToken: ct)))
        {
            // Rows written by other tools may lack a validated type or a server-made name: never served.
            if (contentType is null || !MediaObjectNames.IsValid(objectName)) continue;
            var url = await media.CreateReadUrlAsync(objectName!, contentType, ct);
            signed.Add(new ReportMediaView(url.Url.AbsoluteUri, url.ExpiresAt, contentType));
        }
        return signed.Count == 0 ? target : target with { Media = signed };
    }

    /// <summary>Whose the target is (author, sender, broadcaster, the account itself); null when nothing of it is left.</summary>
    public static async Task<Guid?> OwnerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, CancellationToken ct) =>
        ByType.TryGetValue(targetType, out var kind)
            ? await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(kind.OwnerOf, new { id = targetId }, tx, cancellationToken: ct))
            : null;

    /// <summary>Every reportable kind has its statement (ModerationTests holds this against ReportsSql.TargetTypes).</summary>
    public static IReadOnlyCollection<string> Kinds => ByType.Keys;
}
