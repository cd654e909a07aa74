using Fowergram.Platform.Http;

namespace Fowergram.Features.Activity;

/// <summary>Reads of the caller's own activity log (user_activities, written by activity-log), by user_activities_user.</summary>
internal static class ActivitySql
{
    /// <summary>Newest first; @type (null: every type) filters the user's rows as the index delivers them.</summary>
    public static readonly string Page = $"""
        SELECT a.id, a.activity_type AS type, a.entity_type, a.entity_id, a.created_at
        FROM user_activities a
        WHERE a.user_id = @viewer AND (@type::text IS NULL OR a.activity_type = @type)
          AND {KeysetSql.Older("a.created_at", "a.id")}
        ORDER BY a.created_at DESC, a.id DESC LIMIT @take
        """;

    /// <summary>How many of each kind since @since (one range of the user's rows), most frequent first.</summary>
    public const string Summary = """
        SELECT a.activity_type AS type, count(*) AS count
        FROM user_activities a
        WHERE a.user_id = @viewer AND a.created_at >= @since AND a.created_at <= @now
        GROUP BY a.activity_type
        ORDER BY count(*) DESC, a.activity_type
        """;
}

internal sealed class ActivityRow
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public string? EntityType { get; init; }
    public Guid? EntityId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public ActivityItem ToItem() => new(Id, Type, EntityType, EntityId, CreatedAt);
}
