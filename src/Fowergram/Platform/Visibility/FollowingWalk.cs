using System.Text.RegularExpressions;

namespace Fowergram.Platform.Visibility;

/// <summary>
/// The pieces of a "following" tab (reels, videos; docs/reels.md "Following") that reads a recency index of the whole table
/// newest first and keeps the rows of followed accounts, before it falls back to one range per followed account. The walk
/// reads at most the reach (the reader's follow count plus a page, up to <see cref="MaxRows"/>): a reader who follows many accounts fills
/// a page after a few hundred rows where probing every followed account cost thousands of index probes, and a walk that
/// found too little costs at most about what the per-account pull it precedes costs. A walk that read fewer rows than its
/// reach read every row older than the cursor: its answer is then complete without the pull.
/// </summary>
public static class FollowingWalk
{
    /// <summary>
    /// The CTEs <c>reach</c> (column <c>n</c>: the most rows a walk reads) and <c>hidden</c> (column <c>ids</c>: accounts
    /// blocked either way or whose posts the viewer muted, the feed's list), each read once per query.
    /// </summary>
    public static readonly string Ctes = $"""
        reach AS MATERIALIZED (SELECT least(count(*) + @take, {MaxRows}) AS n FROM follows WHERE follower_id = @viewer),
        hidden AS MATERIALIZED (
            SELECT ARRAY(SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = @viewer
                         UNION ALL
                         SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = @viewer
                         UNION ALL
                         SELECT m.muted_id FROM mutes m WHERE m.muter_id = @viewer AND m.mute_posts) AS ids)
        """;

    /// <summary>
    /// The most rows a walk reads. Written as a constant, it is what the planner costs the walk by: under the reach's limit
    /// alone, unknown when planning, it assumed a tenth of the table and chose a parallel scan and a sort of every repost
    /// (0.12-0.15 s to start the workers on the loaded host) over the index.
    /// </summary>
    public const int MaxRows = 10_000;

    /// <summary>The row limit of a walk.</summary>
    private const string Limit = "(SELECT n FROM reach)";

    /// <summary>
    /// A walk: <paramref name="rows"/> (a SELECT … FROM … WHERE of one table) in <paramref name="order"/>, newest first, at most
    /// <see cref="MaxRows"/> by a limit the planner sees, and at most the reach by the one it does not.
    /// </summary>
    public static string Walk(string rows, string order) =>
        $"SELECT * FROM ({rows} ORDER BY {order} LIMIT {MaxRows}) walk_rows ORDER BY {Regex.Replace(order, @"\b\w+\.", "")} LIMIT {Limit}";

    /// <summary>
    /// <paramref name="account"/> is one of <see cref="Visibility.FollowedAuthors"/> (followed, live, no block either way, posts
    /// not muted), asked per walked row: the follow by <see cref="Follows"/>, so a row of an account not followed costs a hash
    /// probe; the account's row is read for followed ones only.
    /// </summary>
    public static string IsFollowedAuthor(string account) => $"""
        {Follows(account)} IS TRUE AND {NotHidden(account)}
        AND (SELECT true FROM users fwu WHERE fwu.id = {account} AND fwu.deleted_at IS NULL AND fwu.is_active) IS NOT NULL
        """;

    /// <summary>
    /// The viewer follows <paramref name="account"/>, against the viewer's follows hashed once per query; the caller adds IS TRUE
    /// or IS NOT TRUE, which keeps the IN a hashed sub-plan where a bare IN may be pulled up into a join per row.
    /// </summary>
    public static string Follows(string account) =>
        $"({account} IN (SELECT fw.following_id FROM follows fw WHERE fw.follower_id = @viewer))";

    /// <summary>No block stands between <paramref name="account"/> and the viewer, and the viewer did not mute its posts.</summary>
    public static string NotHidden(string account) => $"{account} <> ALL ((SELECT ids FROM hidden)::uuid[])";

    /// <summary>
    /// A CTE <paramref name="name"/> (column <c>done</c>): the walk <paramref name="walk"/> answered alone — its followed rows
    /// <paramref name="kept"/> fill the page, or it ran out before its reach. The per-account pull runs only when not.
    /// </summary>
    public static string Done(string name, string walk, string kept) => $"""
        {name} AS MATERIALIZED (
            SELECT (SELECT count(*) FROM {kept}) = @take OR (SELECT count(*) FROM {walk}) < {Limit} AS done)
        """;
}
