using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

internal static class DiscoverySql
{
    /// <summary>
    /// get_user_suggestions (migration 0009) already leaves out self, followed, requested, blocked,
    /// blocking, muted and gone accounts; can_view_profile is asked again so the policy stays the one place.
    /// </summary>
    // The seed's function ranks every candidate before its LIMIT, so asking it for as many more as the caller dismissed
    // costs nothing extra and still fills the page after the dismissed ones are left out.
    public const string Suggestions = """
        SELECT s.user_id AS id, s.username, s.full_name, s.avatar, s.is_verified, s.is_private, s.mutual_count, s.mutual_usernames
        FROM get_user_suggestions(@viewer, @limit + (SELECT count(*)::int FROM suggestion_dismissals d WHERE d.user_id = @viewer)) s
        WHERE can_view_profile(@viewer, s.user_id)
          AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.user_id = @viewer AND d.dismissed_id = s.user_id)
        ORDER BY s.mutual_count DESC, s.username
        LIMIT @limit
        """;

    public const string Dismiss = """
        INSERT INTO suggestion_dismissals (user_id, dismissed_id, created_at) VALUES (@viewer, @dismissed, @now) ON CONFLICT DO NOTHING
        """;

    public const string Undismiss = "DELETE FROM suggestion_dismissals WHERE user_id = @viewer AND dismissed_id = @dismissed";

    /// <summary>The caller's dismissed suggestions they can still see, most recently dismissed first (suggestion_dismissals_recent).</summary>
    public static readonly string Dismissed = UserLists.OwnList("suggestion_dismissals", "user_id", "dismissed_id");

    /// <summary>
    /// Usernames starting with or containing the term, and full names containing it (both served by the
    /// trigram indexes of migration 0008, whose predicate is repeated so the planner can use them). An exact
    /// username first, then prefixes, then by similarity. @prefix and @contains are LIKE patterns built
    /// from the escaped term; blocked either way, deleted and deactivated accounts never appear.
    /// </summary>
    /// <remarks>
    /// can_view_profile written out (the row is live by the first line; a guest's null @viewer blocks nobody): a term every
    /// name holds matches every account, and the function, which the planner does not inline, cost ~250 µs a row — 8–10 s
    /// for "bench" on the benchmark's 105,002 accounts (docs/performance-history.md, "The forty-seventh session").
    /// </remarks>
    public static readonly string Search = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private
        FROM users u
        WHERE u.deleted_at IS NULL AND u.is_active
          AND (u.username LIKE @contains ESCAPE '\' OR u.full_name ILIKE @contains ESCAPE '\')
          AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
        ORDER BY u.username = @term DESC, u.username LIKE @prefix ESCAPE '\' DESC,
                 greatest(similarity(u.username, @term), similarity(lower(u.full_name), @term)) DESC, u.username
        LIMIT @limit
        """;
}

internal sealed class SuggestionRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public bool IsPrivate { get; init; }
    public long MutualCount { get; init; }
    public string[] MutualUsernames { get; init; } = [];

    /// <summary>The reason names one mutual and counts the rest, except that two are both named ("Followed by a and b").</summary>
    public Suggestion ToSuggestion() => new(Id, Username, FullName, Avatar, IsVerified, IsPrivate, MutualCount, MutualUsernames,
        FollowedByText.Of(MutualUsernames, MutualCount, shown: MutualCount == 2 ? 2 : 1));
}
