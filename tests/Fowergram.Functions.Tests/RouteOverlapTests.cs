using Fowergram.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The Functions host tries the HTTP functions' routes in an order of its own and takes the first that matches, with no
/// preference for literal segments (Azure/azure-functions-host#9876), unlike ASP.NET Core. So no URL may match two
/// functions that share a method, or Azure would answer some of them with the wrong function (RouteParameters).
/// </summary>
public sealed class RouteOverlapTests
{
    /// <summary>The constraints a full ASP.NET Core host resolves (the Functions host is one), regex included.</summary>
    private static readonly IInlineConstraintResolver Constraints = new ServiceCollection().AddRouting().BuildServiceProvider()
        .GetRequiredService<IInlineConstraintResolver>();

    private sealed record HttpRoute(string Function, HashSet<string> Methods, string Template)
    {
        public RouteTemplate Parsed { get; } = TemplateParser.Parse(Template);
    }

    private static List<HttpRoute> Routes() => FunctionCatalog.Http
        .Select(f => new HttpRoute(f.Label, f.StringArguments(1).Select(m => m.ToUpperInvariant()).ToHashSet(), (string)f.Named("Route")!))
        .ToList();

    [Fact]
    public void No_url_matches_two_http_functions_of_one_method()
    {
        var routes = Routes();
        var overlaps = new List<string>();
        for (var i = 0; i < routes.Count; i++)
            for (var j = i + 1; j < routes.Count; j++)
            {
                var (a, b) = (routes[i], routes[j]);
                if (!a.Methods.Overlaps(b.Methods) || SharedUrl(a.Parsed, b.Parsed) is not { } url) continue;
                if (Matches(a.Parsed, url) && Matches(b.Parsed, url))
                    overlaps.Add($"/{url} matches {a.Template} ({a.Function}) and {b.Template} ({b.Function})");
            }
        Assert.True(overlaps.Count == 0, "Give the parameter a constraint in RouteParameters that refuses the literal:"
            + Environment.NewLine + string.Join(Environment.NewLine, overlaps));
        Assert.True(routes.Count > 300);
    }

    [Theory]
    [InlineData("v1/reels/trending", "GetTrendingReels")]
    [InlineData("v1/reels/01a23da2-9c4d-745b-91ca-7c818a748e92", "GetReel")]
    [InlineData("v1/reels/not-an-id", "GetReel")] // the handler's own problem+json 404, not the host's empty one
    [InlineData("v1/users/me", "UsersGetMe")]
    [InlineData("v1/users/search", "SocialSearchUsers")]
    [InlineData("v1/users/searcher", "UsersGetProfile")]
    [InlineData("v1/hashtags/trending", "TrendingHashtags")]
    [InlineData("v1/hashtags/#trending", "GetHashtag")]
    [InlineData("v1/stories/tray", "GetStoryTray")]
    [InlineData("v1/live/mine", "ListMyLiveStreams")]
    [InlineData("v1/conversations/unread", "GetUnreadConversations")]
    [InlineData("v1/videos/drafts", "ListVideoDrafts")]
    public void A_get_reaches_exactly_its_function(string path, string function)
    {
        var matched = FunctionCatalog.Http
            .Where(f => f.StringArguments(1).Contains("get", StringComparer.OrdinalIgnoreCase)
                        && Matches(TemplateParser.Parse((string)f.Named("Route")!), path))
            .Select(f => f.Name).ToList();
        Assert.Equal([function], matched);
    }

    /// <summary>A URL both templates could match, or null when a literal segment tells them apart.</summary>
    private static string? SharedUrl(RouteTemplate a, RouteTemplate b)
    {
        if (a.Segments.Count != b.Segments.Count) return null;
        var segments = new List<string>();
        for (var i = 0; i < a.Segments.Count; i++)
        {
            var (x, y) = (Literal(a.Segments[i]), Literal(b.Segments[i]));
            if (x is not null && y is not null && !x.Equals(y, StringComparison.OrdinalIgnoreCase)) return null;
            segments.Add(x ?? y ?? "x1");
        }
        return string.Join("/", segments);
    }

    private static string? Literal(TemplateSegment segment) => segment.IsSimple && segment.Parts[0].IsLiteral ? segment.Parts[0].Text : null;

    /// <summary>As the host's route does: the template, then every inline constraint of its parameters.</summary>
    private static bool Matches(RouteTemplate template, string path)
    {
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(template, new RouteValueDictionary()).TryMatch("/" + path, values)) return false;
        return template.Parameters.All(p => p.InlineConstraints.All(c =>
            Constraints.ResolveConstraint(c.Constraint)!.Match(null, null, p.Name!, values, RouteDirection.IncomingRequest)));
    }
}
