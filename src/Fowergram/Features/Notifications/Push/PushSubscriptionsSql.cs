using Fowergram.Platform.Content;

namespace Fowergram.Features.Notifications.Push;

/// <summary>SQL over <c>push_subscriptions</c> (migration 0195).</summary>
internal static class PushSubscriptionsSql
{
    /// <summary>
    /// The subscription's session still runs: a family with an unrevoked, unexpired token (refresh_tokens_user), as the
    /// sessions list defines it. Logging out, "log out everywhere else" and a password change end it, and with it the pushes.
    /// </summary>
    public static string LiveSession(string s) => $"""
        ({s}.session_id IS NULL OR EXISTS (SELECT 1 FROM refresh_tokens r
            WHERE r.user_id = {s}.user_id AND r.family_id = {s}.session_id AND r.revoked_at IS NULL AND r.expires_at > @now))
        """;

    public const string LockOwner = "SELECT true FROM users WHERE id = @userId AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE";

    /// <summary>Two registrations of one endpoint (two accounts in one browser) take turns for the whole move.</summary>
    public const string LockEndpoint = "SELECT pg_advisory_xact_lock(hashtextextended(@endpoint, 195))";

    /// <summary>Another account's subscription of this browser: it signs in here now, so the other stops receiving (its queue goes too).</summary>
    public const string TakeFromOthers = "DELETE FROM push_subscriptions WHERE endpoint = @endpoint AND user_id <> @userId";

    /// <summary>
    /// The caller's subscriptions of sessions that ended go before the cap is counted: they will never be pushed to. Locked
    /// in id order first, as the push-delivery job's settle locks a batch's (PushDeliverySql.LockSubscriptions): the DELETE
    /// alone took them in index order, and two of them taken in opposite orders deadlocked.
    /// </summary>
    public static readonly string DropEnded = $"""
        WITH ended AS (SELECT s.id FROM push_subscriptions s WHERE s.user_id = @userId AND NOT {LiveSession("s")} ORDER BY s.id FOR UPDATE)
        DELETE FROM push_subscriptions WHERE id IN (SELECT id FROM ended)
        """;

    public const string CountOthers = "SELECT count(*) FROM push_subscriptions WHERE user_id = @userId AND endpoint <> @endpoint";

    /// <summary>What a subscription is shown as: the push service's host for a browser, the kind (<c>fcm</c>, <c>apns</c>) for an app.</summary>
    public static string Service(string s) =>
        $"CASE WHEN {s}kind = 'web' THEN substring({s}endpoint from '^https?://([^/:]+)') ELSE {s}kind END";

    private static readonly string View = $"""
        id, kind, {Service("")} AS service, created_at, last_success_at,
        session_id IS NOT DISTINCT FROM @sessionId::uuid AS this_session
        """;

    /// <summary>
    /// New, or the same browser or app again (keys and session refreshed; a key change is how a browser rotates them). A
    /// token registered as the other kind of app push (FCM, then APNs) takes the latest kind: the app says how it is reached
    /// now; its last success was through the other service, so it is forgotten.
    /// </summary>
    public static readonly string Upsert = $"""
        INSERT INTO push_subscriptions AS s (id, user_id, session_id, kind, endpoint, p256dh, auth, created_at)
        VALUES (@id, @userId, @sessionId, @kind, @endpoint, @p256dh, @auth, @now)
        ON CONFLICT (endpoint) DO UPDATE SET session_id = EXCLUDED.session_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
            kind = EXCLUDED.kind, last_success_at = CASE WHEN s.kind = EXCLUDED.kind THEN s.last_success_at END
        RETURNING {View}, (xmax = 0) AS created
        """;

    public static readonly string List = $"""
        SELECT {View} FROM push_subscriptions s
         WHERE s.user_id = @userId AND {LiveSession("s")}
         ORDER BY s.created_at DESC, s.id DESC
        """;

    /// <summary>Nothing for an owner whose account is gone (<see cref="LiveCaller"/>).</summary>
    public static readonly string Delete = LiveCaller.Guarded("@userId", $"DELETE FROM push_subscriptions WHERE id = @id AND user_id = @userId AND {LiveCaller.IsLive}");
}
