using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>The suggestions computed ahead (migration 0229, docs/social-graph.md "Suggestions").</summary>
internal static class StoredSuggestionsSql
{
    /// <summary>
    /// The caller's second-degree graph as get_user_suggestions would read it, from the profile counters: the accounts they
    /// follow plus everyone those follow. It stops counting past @bound followees, so it costs at most the bound itself.
    /// </summary>
    public const string GraphSize = """
        SELECT count(*) + coalesce(sum(s.following_count), 0)
        FROM (SELECT f.following_id FROM follows f WHERE f.follower_id = @viewer LIMIT @bound + 1) f
        LEFT JOIN user_stats s ON s.user_id = f.following_id
        """;

    // A read keeps read_at roughly current (rewritten once per @freshFor, not on every read) and asks for a missing or
    // older list. SKIP LOCKED: a locked run is being computed by the job right now, and the read must not wait for it.
    // A run backed off after a timeout (timeouts > 0) keeps its due_at: reading must not bring a computation that timed
    // out back every few minutes. Only one no longer scheduled (due_at null: retired while idle) is asked for again.
    public const string MarkRead = """
        INSERT INTO user_suggestion_runs (user_id, read_at, due_at) VALUES (@viewer, @now, @now) ON CONFLICT (user_id) DO NOTHING;
        UPDATE user_suggestion_runs r
        SET read_at = @now,
            due_at = CASE WHEN (r.computed_at IS NULL OR r.computed_at <= @now - @freshFor) AND (r.timeouts = 0 OR r.due_at IS NULL)
                          THEN least(coalesce(r.due_at, @now), @now) ELSE r.due_at END
        WHERE r.user_id = (SELECT user_id FROM user_suggestion_runs WHERE user_id = @viewer FOR NO KEY UPDATE SKIP LOCKED)
          AND (r.read_at <= @now - @freshFor
               OR ((r.computed_at IS NULL OR r.computed_at <= @now - @freshFor) AND (r.due_at IS NULL OR (r.due_at > @now AND r.timeouts = 0))));
        SELECT computed_at, sampled FROM user_suggestion_runs WHERE user_id = @viewer
        """;

    /// <summary>
    /// A dismissal taken back: a stored list was computed without the account, so the caller's run is due at once and the
    /// job's next tick brings it back. SKIP LOCKED, as <see cref="MarkRead"/>: the caller does not wait for the job; a list
    /// the job is computing at that very moment shows the account at its next refresh. A run backed off after a timeout
    /// keeps its time, or taking dismissals back would restart at will a computation that times out.
    /// </summary>
    public const string AskAgain = """
        UPDATE user_suggestion_runs r SET due_at = @now
        WHERE r.user_id = (SELECT user_id FROM user_suggestion_runs WHERE user_id = @viewer FOR NO KEY UPDATE SKIP LOCKED)
          AND (r.due_at IS NULL OR r.due_at > @now) AND r.timeouts = 0
        """;

    /// <summary>
    /// The stored list (at most <see cref="SuggestionsRefreshJob.Keep"/> rows, so this costs what they cost), re-checked
    /// for everything that may have changed since it was computed: the account is still active, not followed or requested,
    /// not blocked either way, muted (for posts or stories: a notes mute is the notes tray's alone, migration 0252) or dismissed,
    /// and its profile visible. Only the named mutuals who are still mutuals (active, followed by the caller, following the
    /// account, not blocked either way) are named, under their current usernames; those who are not any more are taken off the
    /// count, and an account with none left is not suggested.
    /// </summary>
    /// <remarks>
    /// The mutuals' checks sit in the aggregate's FILTER, where sublinks stay subplans probing primary keys. As EXISTS in the
    /// WHERE they became joins, planned for an average account: the check that the mutual follows the suggested account read
    /// every follower of each suggestion (564,217 buffers for the median reader's 50 on the benchmark dataset, 4,536 since;
    /// docs/performance-history.md "The forty-eighth session: suggestions measured"). The profile policy is written out
    /// (<see cref="Visibility.ProfileFilter"/>): the planner does not inline can_view_profile, ~0.3 ms a row there.
    /// </remarks>
    public static readonly string Read = $$"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private,
               s.mutual_count - (cardinality(s.mutual_ids) - cardinality(m.names)) AS mutual_count, m.names AS mutual_usernames
        FROM user_suggestions s
        JOIN users u ON u.id = s.suggested_id
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(mu.username ORDER BY mu.username) FILTER (WHERE
                       EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = mu.id)
                       AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = mu.id AND f.following_id = s.suggested_id)
                       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = @viewer AND b.blocked_id = mu.id)
                       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = mu.id AND b.blocked_id = @viewer)), '{}') AS names
            FROM users mu
            WHERE mu.id = ANY(s.mutual_ids) AND mu.deleted_at IS NULL AND mu.is_active
        ) m
        WHERE s.user_id = @viewer AND cardinality(m.names) > 0
          AND u.deleted_at IS NULL AND u.is_active
          AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = @viewer AND r.target_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = @viewer AND b.blocked_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id AND b.blocked_id = @viewer)
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = u.id AND (m.mute_posts OR m.mute_stories))
          AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.user_id = @viewer AND d.dismissed_id = u.id)
          AND {{Visibility.ProfileFilter("u.id")}}
        ORDER BY s.mutual_count - (cardinality(s.mutual_ids) - cardinality(m.names)) DESC, s.rank
        LIMIT @limit
        """;

    /// <summary>
    /// The job's batch: due runs, oldest due first; runs another job instance (or a read marking one) holds are skipped.
    /// <c>active</c>: the user may still read suggestions (a deleted or deactivated account's list is not computed).
    /// </summary>
    public const string Claim = """
        SELECT r.user_id, r.read_at, (u.deleted_at IS NULL AND u.is_active) AS active
        FROM user_suggestion_runs r JOIN users u ON u.id = r.user_id
        WHERE r.due_at <= @now ORDER BY r.due_at LIMIT @batch FOR NO KEY UPDATE OF r SKIP LOCKED
        """;

    /// <summary>
    /// Replaces the user's list with get_user_suggestions' first @keep accounts they have not dismissed (asking it for as
    /// many more as they dismissed, as the route always did). The function names mutuals by username; they are stored by id.
    /// Each statement runs under @timeout (milliseconds, as text): set_config(…, true) lasts to the end of the job's
    /// transaction, or of the run's savepoint when the job rolls back to it (<see cref="TimedOut"/>). A whole computation
    /// starts the timeout count over.
    /// </summary>
    public static readonly string Replace = ReplaceFrom("get_user_suggestions(@user, @keep + {0})",
        "computed_at = @now, due_at = @now + @refreshAge, timeouts = 0, sampled = false");

    /// <summary>
    /// After a whole computation timed out (<see cref="TimedOut"/> already counted it and set its next try): the list from a
    /// bounded sample of the graph instead (migration 0241), the @followees accounts the user followed most recently and
    /// the @follows most recent follows of each, so its reads are bounded whatever the graph. Its mutual counts count only
    /// the sampled mutuals. The run keeps its back-off: the whole computation is tried again at its time.
    /// </summary>
    public static readonly string ReplaceSampled = ReplaceFrom("get_user_suggestions_sampled(@user, @keep + {0}, @followees, @follows)",
        "computed_at = @now, sampled = true");

    private static string ReplaceFrom(string source, string run) => $"""
        SELECT set_config('statement_timeout', @timeout, true);
        DELETE FROM user_suggestions WHERE user_id = @user;
        INSERT INTO user_suggestions (user_id, rank, suggested_id, mutual_count, mutual_ids)
        SELECT @user, row_number() OVER (ORDER BY s.mutual_count DESC, s.username), s.user_id, s.mutual_count,
               ARRAY(SELECT mu.id FROM unnest(s.mutual_usernames) WITH ORDINALITY n(name, i) JOIN users mu ON lower(mu.username) = n.name ORDER BY n.i)
        FROM {string.Format(source, "(SELECT count(*)::int FROM suggestion_dismissals d WHERE d.user_id = @user)")} s
        WHERE NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.user_id = @user AND d.dismissed_id = s.user_id)
        ORDER BY s.mutual_count DESC, s.username
        LIMIT @keep;
        UPDATE user_suggestion_runs SET {run} WHERE user_id = @user
        """;

    /// <summary>
    /// A computation cancelled by its statement timeout (rolled back to its savepoint, the old list kept): counted and
    /// backed off, @freshFor the first time and twice as long each time after, at most @refreshAge, so a graph too large
    /// for the timeout costs one cancelled try a day at worst instead of one every tick of the job.
    /// </summary>
    public const string TimedOut = """
        UPDATE user_suggestion_runs
        SET timeouts = timeouts + 1, timed_out_at = @now,
            due_at = @now + least(@refreshAge, @freshFor * power(2, least(timeouts, 20)))
        WHERE user_id = @user
        RETURNING timeouts, due_at
        """;

    /// <summary>A claimed run whose user stopped reading suggestions or is gone: no longer refreshed ahead, its list kept for a next read.</summary>
    public const string Retire = "UPDATE user_suggestion_runs SET due_at = NULL WHERE user_id = ANY(@users)";
}
