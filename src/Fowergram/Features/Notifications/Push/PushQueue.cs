namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// One queue the push-delivery job drains: a table of (item, subscription, attempts, due_at) rows filled by a trigger, and
/// how to read each claimed row back as a <see cref="PushCandidate"/> and word it. Notices (<see cref="NotificationPushQueue"/>)
/// and direct messages (Features/Messages, <c>MessagePushQueue</c>) are the two; each area owns its own rules of what may
/// be pushed, the job owns sending, leases, backoff and settling.
/// </summary>
public abstract class PushQueue
{
    /// <summary>The queue's table and its item key column.</summary>
    public abstract string Table { get; }
    public abstract string Key { get; }

    /// <summary>A column kept beside the key to find the item (a partition key), or null.</summary>
    public virtual string? CreatedColumn => null;

    /// <summary>
    /// The claimed rows (<c>unnest(@itemIds, @createdAts, @subscriptionIds, @attempts) AS c(item_id, item_created_at,
    /// subscription_id, attempts)</c>) joined to their subscription <c>s</c>, with every column of <see cref="PushCandidate"/>.
    /// </summary>
    public abstract string Load { get; }

    /// <summary>Work before the queue is drained, in its own short transactions (a channel's fan-out to its members).</summary>
    public virtual Task PrepareAsync(Npgsql.NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Parameters of <see cref="Load"/> besides @now and the arrays.</summary>
    public virtual object? Arguments(DateTimeOffset now) => null;

    /// <summary>The message the browser shows.</summary>
    internal abstract PushPayload Payload(PushCandidate candidate);

    /// <summary>
    /// What one run sends to one subscription, from its items due now (oldest first): by default a push per item; a queue
    /// may fold several into one push, which then settles for all of them (<see cref="NotificationPushQueue"/>).
    /// </summary>
    internal virtual IEnumerable<PushBundle> Bundles(IReadOnlyList<PushCandidate> due) => due.Select(c => new PushBundle(Payload(c), [c]));

    /// <summary>
    /// The run's bundles with what earlier runs pushed to the same browsers carried on, before they are sent; by default as
    /// they are (<see cref="NotificationPushQueue"/> carries a group's earlier pushes, <see cref="PushFolds"/>).
    /// </summary>
    internal virtual Task<IReadOnlyList<PushBundle>> CarryEarlierAsync(Npgsql.NpgsqlConnection conn, IReadOnlyList<PushBundle> bundles,
        DateTimeOffset now, CancellationToken ct) => Task.FromResult(bundles);

    /// <summary>Notes the bundles delivered, inside the settling transaction, for <see cref="CarryEarlierAsync"/>; by default nothing.</summary>
    internal virtual Task RememberAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, IReadOnlyList<PushBundle> delivered,
        DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The Web Push <c>Topic</c> (RFC 8030 §5.4), or null: a message the push service still holds for an offline browser is
    /// replaced by a newer one of the same topic, so a phone back online after a viral hour shows one "liked your post",
    /// not three hundred. At most 32 base64url characters.
    /// </summary>
    internal virtual string? Topic(PushCandidate candidate) => null;

    /// <summary>RFC 8030 §5.3: how soon the browser must hear of it (push services spare a phone's battery for lower ones).</summary>
    internal virtual string Urgency => "normal";

    /// <summary>32 base64url characters naming <paramref name="key"/> (a hash: the topic is visible to the push service).</summary>
    internal static string TopicOf(string key) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 24));

    /// <summary>
    /// Takes the due rows of the browsers owning the @batch oldest due rows, up to @claimLimit rows oldest first, and leases
    /// them (@leaseUntil) before anything is sent; rows another run holds are skipped. Whole browsers rather than the oldest
    /// rows alone, so that a burst queued for one browser is claimed, and folded (<see cref="Bundles"/>), in one go.
    /// </summary>
    internal string Claim => $"""
        WITH browsers AS (
            SELECT DISTINCT subscription_id FROM (
                SELECT subscription_id FROM {Table} WHERE due_at <= @now ORDER BY due_at LIMIT @batch) AS oldest
        ), due AS (
            SELECT d.{Key}, d.subscription_id FROM {Table} d JOIN browsers b ON b.subscription_id = d.subscription_id
             WHERE d.due_at <= @now ORDER BY d.due_at LIMIT @claimLimit FOR UPDATE OF d SKIP LOCKED)
        UPDATE {Table} d SET attempts = d.attempts + 1, due_at = @leaseUntil
          FROM due WHERE d.{Key} = due.{Key} AND d.subscription_id = due.subscription_id
        RETURNING d.{Key} AS item_id, {(CreatedColumn is null ? "NULL::timestamptz" : "d." + CreatedColumn)} AS item_created_at,
                  d.subscription_id, d.attempts
        """;

    internal string Done => $"DELETE FROM {Table} WHERE {Key} = @itemId AND subscription_id = @subscriptionId";

    internal string Later => $"UPDATE {Table} SET due_at = @dueAt WHERE {Key} = @itemId AND subscription_id = @subscriptionId";

    /// <summary>A claimed row the run did not send (its lease was nearly over): due again, and the claim's attempt given back.</summary>
    internal string Unclaim =>
        $"UPDATE {Table} SET due_at = @dueAt, attempts = attempts - 1 WHERE {Key} = @itemId AND subscription_id = @subscriptionId AND attempts > 0";

    /// <summary>Cut to what a notification banner shows, never inside a surrogate pair.</summary>
    internal static string Cut(string text, int max = 300) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1)] + "…";
}

/// <summary>The notices of the inbox (migration 0195), each checked as the inbox shows it when it is sent.</summary>
public sealed class NotificationPushQueue : PushQueue
{
    public override string Table => "push_deliveries";
    public override string Key => "notification_id";
    public override string? CreatedColumn => "notification_created_at";

    /// <summary>
    /// Each claimed row with its subscription and, when it still shows in its recipient's inbox unread, its notice: a notice
    /// undone (an unlike), hidden by read time's rules (a block, a deleted post) or read in the app meanwhile is not pushed.
    /// <c>wanted</c>: the recipient's push settings allow it.
    /// </summary>
    public override string Load { get; } = $"""
        SELECT c.item_id, c.subscription_id, c.attempts, s.user_id, s.kind, s.endpoint, s.p256dh, s.auth,
               {PushSubscriptionsSql.LiveSession("s")} AS session_live,
               (n.id IS NOT NULL AND NOT n.is_read AND n.seq > {NotificationsSql.ReadThroughOf("n.user_id")}
                AND {NotificationsSql.VisibleTo("n.user_id")}) AS shown,
               {PushPreferences.Wanted("s.user_id")} AS wanted,
               n.type, n.entity_type, n.entity_id, n.message, n.story_id, n.created_at, n.seq,
               a.id AS actor_id, a.username AS actor_username, a.avatar AS actor_avatar, a.is_verified AS actor_is_verified
          FROM unnest(@itemIds::uuid[], @createdAts::timestamptz[], @subscriptionIds::uuid[], @attempts::int[])
                   AS c(item_id, item_created_at, subscription_id, attempts)
          JOIN push_subscriptions s ON s.id = c.subscription_id
          LEFT JOIN notifications n ON n.id = c.item_id AND n.created_at = c.item_created_at AND n.user_id = s.user_id
          LEFT JOIN users a ON a.id = n.actor_id
          LEFT JOIN push_preferences pp ON pp.user_id = s.user_id
        """;

    /// <summary>
    /// Notices the inbox folds into one group (<see cref="NotificationGroups"/>: one type about one entity; follows, requests
    /// and accepts of one type) share a topic per recipient; those the inbox never folds have none (system notices, countdowns:
    /// each matters on its own).
    /// </summary>
    internal override string? Topic(PushCandidate c)
    {
        if (NotificationGroups.FoldsAlone(c.ToNotification())) return null;
        var aboutActor = c.EntityType == "user" && c.EntityId == c.ActorId;
        return TopicOf($"notice:{c.UserId}:{c.Type}:{(aboutActor ? "" : $"{c.EntityType}:{c.EntityId}")}");
    }

    /// <summary>The inbox's own sentence.</summary>
    internal override PushPayload Payload(PushCandidate c) => PayloadOf(NotificationTexts.ToView(c.ToNotification()), 1);

    /// <summary>
    /// A burst folds as the grouped inbox folds it (<see cref="NotificationGroups"/>): the likes of one post that arrived since
    /// the last run are one push, "ann and 12 others liked your post.", naming the newest actor and counting the notices;
    /// a phone buzzes once per group a run, not once a like.
    /// </summary>
    internal override IEnumerable<PushBundle> Bundles(IReadOnlyList<PushCandidate> due)
    {
        var newestFirst = due.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.ItemId).ToList();
        var byId = newestFirst.ToDictionary(c => c.ItemId);
        return NotificationGroups.Fold(newestFirst.Select(c => c.ToNotification()).ToList())
            .Select(view => new PushBundle(PayloadOf(view, view.Ids?.Count ?? 1), (view.Ids ?? [view.Id]).Select(id => byId[id]).ToList()));
    }

    /// <summary>Forgets folds past their day, before the run (push_folds_pushed).</summary>
    public override Task PrepareAsync(Npgsql.NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct) => PushFolds.ForgetAsync(conn, now, ct);

    /// <summary>
    /// A trickle folds across runs too (<see cref="PushFolds"/>): a group pushed earlier, unread since and within the day, is
    /// carried on — "bob and 13 others liked your post." — so the phone's one notification of it is replaced, not joined.
    /// </summary>
    internal override async Task<IReadOnlyList<PushBundle>> CarryEarlierAsync(Npgsql.NpgsqlConnection conn, IReadOnlyList<PushBundle> bundles,
        DateTimeOffset now, CancellationToken ct)
    {
        var earlier = await PushFolds.EarlierAsync(conn, bundles.Select(b => (b.Items[0].SubscriptionId, Topic(b.Items[0]))), now, ct);
        if (earlier.Count == 0) return bundles;
        return bundles.Select(b => earlier.TryGetValue((b.Items[0].SubscriptionId, Topic(b.Items[0]) ?? ""), out var fold) ? Carried(b, fold) : b).ToList();
    }

    internal override Task RememberAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, IReadOnlyList<PushBundle> delivered,
        DateTimeOffset now, CancellationToken ct) => PushFolds.RememberAsync(conn, tx, delivered, Topic, now, ct);

    /// <summary>The bundle as the continuation of its group's earlier pushes: the newest actor named, the earlier ones among the others.</summary>
    private static PushBundle Carried(PushBundle bundle, PushFold fold)
    {
        var rows = bundle.Items.Select(c => c.ToNotification()).ToList();
        var newest = PushFolds.ActorsOf(bundle.Items);
        var (distinct, recent) = PushFolds.Join(fold, newest);
        var earlierOthers = distinct - rows.Select(r => r.ActorId).Distinct().Count();
        return new PushBundle(PayloadOf(NotificationTexts.ToView(rows, earlierOthers), rows.Count + fold.Notices), bundle.Items, recent);
    }

    private static PushPayload PayloadOf(NotificationView view, int notices) =>
        new(view.Id, view.Type, Cut(view.Text), view.EntityType, view.EntityId, view.Actor?.Username, view.CreatedAt, view.Others,
            notices > 1 ? notices : null, StoryId: view.StoryId);
}
