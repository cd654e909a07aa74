using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

internal static class DiscoverySql
{
    /// <summary>
    /// get_user_suggestions (migration 0009) already leaves out self, followed, requested, blocked,
    /// blocking, muted (for posts or stories; since 0252 not for notes alone) and gone accounts; the profile policy is asked
    /// again so it stays the one place, written out
    /// (<see cref="Visibility.ProfileFilter"/>: the planner does not inline can_view_profile, a call per row).
    /// </summary>
    // The seed's function ranks every candidate before its LIMIT, so asking it for as many more as the caller dismissed
    // costs nothing extra and still fills the page after the dismissed ones are left out.
    public static readonly string Suggestions = $"""
        SELECT s.user_id AS id, s.username, s.full_name, s.avatar, s.is_verified, s.is_private, s.mutual_count, s.mutual_usernames
        FROM get_user_suggestions(@viewer, @limit + (SELECT count(*)::int FROM suggestion_dismissals d WHERE d.user_id = @viewer)) s
        WHERE {Visibility.ProfileFilter("s.user_id")}
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
    /// How many accounts each of the search's nearest-first walks hands to the ranking: at least the largest page
    /// (PageRequest.MaxLimit), and enough that the ties of a short term's similarity (the 90 two-digit "Bench user nn" of
    /// the benchmark) fit whole.
    /// </summary>
    public const int SearchCandidates = 100;

    /// <summary>
    /// Usernames starting with or containing the term, and full names containing it: an exact username first, then
    /// prefixes, then by similarity, then by username. @prefix and @contains are LIKE patterns built from the escaped
    /// term; blocked either way, deleted and deactivated accounts never appear. Only candidates are ranked: the exact
    /// username (users_username_key) and, by walks of the GiST trigram indexes of migration 0234 nearest first, the
    /// <see cref="SearchCandidates"/> nearest prefixes and containing usernames and as many nearest containing full
    /// names, so a term every name holds costs a page, not a ranking of every account (docs/social-graph.md "Search": the
    /// page is the one ranking every match would give whenever the candidates hold it, and where it can differ).
    /// </summary>
    /// <remarks>
    /// Each walk leaves blocked and gone accounts out itself, so they take no candidate's place (the indexes are whole since
    /// migration 0239: a partial GiST index was read whole for key probes). The limit is written in, not bound, so the planner weighs a walk of 100 against a bitmap of every
    /// match with the number it will run. can_view_profile is written out (the planner does not inline it: ~250 µs a
    /// row, docs/performance-history.md "The forty-seventh session"). A token whose account is gone finds no one
    /// (LiveCaller.GuestOrLive, checked once before the walks), and the caller tells that empty answer apart.
    /// </remarks>
    public static readonly string Search = $"""
        WITH candidates AS (
            (SELECT u.id FROM users u
             WHERE lower(u.username) = @term AND u.deleted_at IS NULL AND u.is_active)
            UNION
            (SELECT u.id FROM users u
             WHERE u.deleted_at IS NULL AND u.is_active AND u.username LIKE @prefix ESCAPE '\'
               AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
             ORDER BY u.username <-> @term LIMIT {SearchCandidates})
            UNION
            (SELECT u.id FROM users u
             WHERE u.deleted_at IS NULL AND u.is_active AND u.username LIKE @contains ESCAPE '\'
               AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
             ORDER BY u.username <-> @term LIMIT {SearchCandidates})
            UNION
            (SELECT u.id FROM users u
             WHERE u.deleted_at IS NULL AND u.is_active AND u.full_name ILIKE @contains ESCAPE '\'
               AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
             ORDER BY u.full_name <-> @term LIMIT {SearchCandidates}))
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private
        FROM candidates c
        JOIN users u ON u.id = c.id
        WHERE NOT {Visibility.BlockedBetween("@viewer", "u.id")} AND {LiveCaller.GuestOrLive("@viewer")}
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
