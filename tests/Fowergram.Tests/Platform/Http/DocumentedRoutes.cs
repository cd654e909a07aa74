using System.Text.RegularExpressions;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// One route a docs/ page documents: as <see cref="DocumentedRoutes.Key"/> makes it, as the page writes it
/// (<c>GET /posts/{id}/likers?limit=</c>), and the line saying so.
/// </summary>
public sealed record DocumentedRoute(string Key, string Written, string Where);

/// <summary>What a docs/ page's route tables say: the routes, and the rows that could not be read as routes.</summary>
public sealed record DocumentedRoutesPage(IReadOnlyList<DocumentedRoute> Routes, IReadOnlyList<string> Unreadable);

/// <summary>
/// The routes the docs/*.md pages document, read from their route tables: the tables whose header's first cell is
/// "Method" (<c>| GET, PUT | `/api/v1/users/me/daily-limit` | … |</c>: one or more methods, then one or more templates,
/// every method with every template) or "Route" (<c>| `PUT` / `DELETE /api/v1/live/{id}/reminder` | … |</c>: each
/// template with its method and the bare methods before it; other code in the cell, a body, is not a route).
/// Templates may leave out <c>/api/v1</c> and carry a query (<c>?limit=&amp;cursor=</c>); parameter names do not matter.
/// A row that names no route, or names one by a shorthand (<c>`…/leave`</c>), is unreadable: a reader could not tell
/// which route it means either.
/// </summary>
public static partial class DocumentedRoutes
{
    public static DocumentedRoutesPage ReadAll(string docsDirectory)
    {
        var pages = Directory.GetFiles(docsDirectory, "*.md").Order(StringComparer.Ordinal)
            .Select(path => Read("docs/" + Path.GetFileName(path), File.ReadAllText(path))).ToList();
        return new DocumentedRoutesPage(pages.SelectMany(p => p.Routes).ToList(), pages.SelectMany(p => p.Unreadable).ToList());
    }

    public static DocumentedRoutesPage Read(string page, string markdown)
    {
        var routes = new List<DocumentedRoute>();
        var unreadable = new List<string>();
        string? table = null; // the header's first cell while inside a table
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                table = null;
                continue;
            }
            var cells = Cells(line);
            if (table is null)
            {
                table = cells[0];
                continue;
            }
            if (Separator().IsMatch(cells[0])) continue;
            var where = $"{page}:{i + 1}";
            var found = table.Equals("Method", StringComparison.OrdinalIgnoreCase) ? MethodRow(cells)
                : table.Equals("Route", StringComparison.OrdinalIgnoreCase) ? RouteCell(cells[0]) : null;
            if (found is null) continue; // not a route table
            if (found.Count == 0) unreadable.Add($"{where}: {line}");
            routes.AddRange(found.Select(r => new DocumentedRoute(Key(r.Method, r.Template), $"{r.Method} {r.Template}", where)));
        }
        return new DocumentedRoutesPage(routes, unreadable);
    }

    /// <summary>
    /// <c>GET /api/v1/posts/{postId}/likers?limit=</c> and <c>GET /posts/{id}/likers</c> are both
    /// <c>GET /api/v1/posts/{}/likers</c>: the query dropped, the prefix added, the parameters unnamed.
    /// </summary>
    public static string Key(string method, string template)
    {
        var path = template.Split('?')[0];
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) path = "/api/v1" + path;
        return $"{method} {AnyParameter().Replace(path, "{}")}";
    }

    /// <summary>Every method with every template, or nothing when a cell holds something else.</summary>
    private static List<(string Method, string Template)> MethodRow(string[] cells)
    {
        var methods = MethodList().Split(cells[0]);
        var templates = Code().Matches(cells.ElementAtOrDefault(1) ?? "").Select(m => m.Groups[1].Value).ToList();
        if (!methods.All(m => Method().IsMatch(m)) || templates.Count == 0 || !templates.All(t => t.StartsWith('/'))) return [];
        return methods.SelectMany(m => templates.Select(t => (m, t))).ToList();
    }

    /// <summary>Each <c>`METHOD /template`</c> with the bare <c>`METHOD`</c>s before it; nothing if a method or a shorthand is left over.</summary>
    private static List<(string Method, string Template)> RouteCell(string cell)
    {
        var routes = new List<(string, string)>();
        var pending = new List<string>();
        foreach (var code in Code().Matches(cell).Select(m => m.Groups[1].Value))
        {
            if (Method().IsMatch(code)) pending.Add(code);
            else if (MethodAndTemplate().Match(code) is { Success: true } route)
            {
                routes.AddRange(pending.Append(route.Groups[1].Value).Select(m => (m, route.Groups[2].Value)));
                pending.Clear();
            }
            else if (code.StartsWith('/') || code.StartsWith('…')) return [];
        }
        return pending.Count == 0 ? routes : [];
    }

    /// <summary>A table line's cells, trimmed; <c>\|</c> is a pipe inside a cell (<c>?folder=inbox\|requests</c>).</summary>
    private static string[] Cells(string line) => CellBorder().Split(line.Trim('|')).Select(c => c.Trim()).ToArray();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorder();

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex Separator();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE)$")]
    private static partial Regex Method();

    [GeneratedRegex(@"\s*[,/]\s*")]
    private static partial Regex MethodList();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) (/\S*)$")]
    private static partial Regex MethodAndTemplate();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex AnyParameter();
}
