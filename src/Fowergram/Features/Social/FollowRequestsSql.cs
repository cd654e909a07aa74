using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>The follow-request inboxes and their decisions.</summary>
internal static class FollowRequestsSql
{
    /// <summary>Requests to @me; requesters whose profile @me cannot see (gone, blocked) are left out.</summary>
    public static readonly string Incoming = $"""
        SELECT {UserLists.UserColumns}, r.created_at AS since
        FROM follow_requests r
        JOIN users u ON u.id = r.requester_id
        WHERE r.target_id = @viewer AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (r.created_at, r.requester_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY r.created_at DESC, r.requester_id DESC
        LIMIT @take
        """;

    /// <summary>Requests @me made that are still pending.</summary>
    public static readonly string Sent = $"""
        SELECT {UserLists.UserColumns}, r.created_at AS since
        FROM follow_requests r
        JOIN users u ON u.id = r.target_id
        WHERE r.requester_id = @viewer AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (r.created_at, r.target_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY r.created_at DESC, r.target_id DESC
        LIMIT @take
        """;

    /// <summary>Only the target can take a request out of the table: the WHERE names the caller as target.</summary>
    public const string Take = """
        DELETE FROM follow_requests WHERE requester_id = @requester AND target_id = @me
        """;
}
