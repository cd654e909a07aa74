using System.Globalization;
using System.Text;

namespace Fowergram.Bench;

/// <summary>The route sweep's Markdown: what the parameters were, a table slowest first by p50, and the routes over the threshold.</summary>
public static class RouteSweepReport
{
    private const int StatementChars = 90;

    public static string Format(RouteSweepFigure sweep, int thresholdMs)
    {
        var t = sweep.Targets;
        var text = new StringBuilder();
        text.AppendLine("#### Route sweep: every GET route, one request at a time");
        text.AppendLine();
        text.AppendLine("- Readers: " + string.Join("; ", t.Readers.Select(r => $"{r.Label} = {r.Username} ({r.Followees:N0} followees)")) + ".");
        text.AppendLine($"- Parameters: {{username}} = {t.Author} ({t.AuthorFollowers:N0} followers), post {t.Post} ({t.PostLikes:N0} likes), " +
                        $"hashtag \"{t.Hashtag}\" (the dataset writes no hashtag rows), ?q={t.Term}, ?name={t.Location}.");
        text.AppendLine($"- Each route: {RouteSweep.WarmUps} requests discarded, then the runs given, sequential; paged routes also at page " +
                        $"{RouteSweep.LaterPage} (or their last). A route of over a second gets one warm-up, fewer runs and no later page. " +
                        "SQL: statements per request, and the slowest one's time from Npgsql's activity (until its rows were read).");
        text.AppendLine();
        text.AppendLine("| p50 ms | p95 ms | max ms | runs | status | route | page | reader | SQL/req | slowest SQL ms | slowest statement |");
        text.AppendLine("|---:|---:|---:|---:|---|---|---:|---|---:|---:|---|");
        foreach (var f in sweep.Routes.OrderByDescending(f => f.P50Ms).ThenBy(f => f.Route, StringComparer.Ordinal))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.P50Ms:0.00} | {f.P95Ms:0.00} | {f.MaxMs:0.00} | {f.Runs} | {f.Statuses} | `{f.Route}` | {f.Page} | {f.Reader} | " +
                $"{f.Sql.Statements / (double)f.Runs:0.#} | {f.Sql.SlowestMs:0.00} | {Cell(f.Sql.SlowestText)} |"));
        text.AppendLine();
        var slow = sweep.Routes.Where(f => f.P50Ms > thresholdMs).OrderByDescending(f => f.P50Ms).ToList();
        text.AppendLine(slow.Count == 0
            ? $"**No route above {thresholdMs} ms (p50).**"
            : $"**Above {thresholdMs} ms (p50), {slow.Count}:** " + string.Join("; ", slow.Select(f =>
                string.Create(CultureInfo.InvariantCulture, $"`{f.Route}`{(f.Page == "1" ? "" : " page " + f.Page)} ({f.Reader}) {f.P50Ms:0.0} ms"))));
        text.AppendLine();
        if (sweep.Skipped.Count > 0)
            text.AppendLine($"Skipped, {sweep.Skipped.Count} routes with a path id the dataset has none of: " +
                            string.Join(", ", sweep.Skipped.Select(s => $"`{s.Route}`")) + ".");
        return text.ToString();
    }

    private static string Cell(string? statement) =>
        statement is null ? "–"
        : "`" + (statement.Length <= StatementChars ? statement : statement[..StatementChars] + "…").Replace("|", "\\|").Replace("`", "'") + "`";
}
