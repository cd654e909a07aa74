using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The docs/ pages' route tables (<see cref="DocumentedRoutes"/>) and the Server host's route table say the same: every
/// API route is documented on some page, and every documented route is mapped, so a newcomer reading docs/ learns the
/// API as it is. Only /api/ routes count: the Server host's /media/ routes are the local media store's signed URLs
/// (docs/media.md), not the API's, and the Functions host does not map them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentedRoutesTests(FowergramApp app)
{
    private static readonly DocumentedRoutesPage Docs = DocumentedRoutes.ReadAll(Path.Combine(RepositoryRoot(), "docs"));

    [Fact]
    public void Every_api_route_is_documented_in_a_route_table_of_docs()
    {
        var documented = Docs.Routes.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        var missing = ApiRoutes().Where(r => !documented.Contains(DocumentedRoutes.Key(r.Method, r.Template)))
            .Select(r => $"{r.Key} (mapped in {r.Area})").ToList();

        Assert.True(missing.Count == 0,
            $"Routes in no docs/*.md route table ({missing.Count}); add a row to the page of their area:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_documented_route_is_mapped()
    {
        var mapped = ApiRoutes().Select(r => DocumentedRoutes.Key(r.Method, r.Template)).ToHashSet(StringComparer.Ordinal);

        var stale = Docs.Routes.Where(r => !mapped.Contains(r.Key)).Select(r => $"{r.Written} ({r.Where})").ToList();

        Assert.True(stale.Count == 0,
            $"Documented routes that are not mapped ({stale.Count}); correct or remove the rows:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Every_row_of_a_route_table_names_its_routes_in_full()
    {
        Assert.True(Docs.Unreadable.Count == 0,
            "Rows naming no route or a shorthand (write each as METHOD and full template):\n" + string.Join("\n", Docs.Unreadable));
        Assert.True(Docs.Routes.Count >= 400, $"Only {Docs.Routes.Count} documented routes read: the reader lost a table format.");
    }

    /// <summary>Each row format the pages use, read as the routes a reader would take from it.</summary>
    [Fact]
    public void The_reader_takes_each_row_format_the_pages_use_as_a_reader_would()
    {
        const string markdown = """
            | Method | Template | Who | Answer |
            |---|---|---|---|
            | GET | `/api/v1/posts/{postId}/likers?limit=&cursor=` | bearer | a page |
            | PUT / DELETE | `/posts/{id}/not-interested`, `/reels/{id}/not-interested` | bearer | 204 |
            | GET, PUT | `/api/v1/users/me/daily-limit` | bearer | the limit |
            | Saved | `/users/me/saved` | not a method |

            | Route | Who | What |
            |---|---|---|
            | `PUT` / `DELETE /api/v1/live/{id}/reminder` | member | 204 |
            | `GET /api/v1/conversations?folder=inbox\|requests` | member | threads |
            | `POST /api/v1/channels` `{name, description?}` | any account | 201 |
            | `POST /api/v1/channels/{id}/join`, `/leave` | who may see it | 204 |

            | Setting | Meaning |
            |---|---|
            | GET | `/not/a/route/table` |
            """;

        var page = DocumentedRoutes.Read("docs/sample.md", markdown.Replace("\r", ""));

        Assert.Equal(
            [
                "GET /api/v1/posts/{}/likers", "PUT /api/v1/posts/{}/not-interested", "PUT /api/v1/reels/{}/not-interested",
                "DELETE /api/v1/posts/{}/not-interested", "DELETE /api/v1/reels/{}/not-interested", "GET /api/v1/users/me/daily-limit",
                "PUT /api/v1/users/me/daily-limit", "PUT /api/v1/live/{}/reminder", "DELETE /api/v1/live/{}/reminder",
                "GET /api/v1/conversations", "POST /api/v1/channels",
            ],
            page.Routes.Select(r => r.Key));
        Assert.Equal(("GET /api/v1/posts/{postId}/likers?limit=&cursor=", "docs/sample.md:3"), (page.Routes[0].Written, page.Routes[0].Where));
        Assert.Collection(page.Unreadable, u => Assert.StartsWith("docs/sample.md:6: ", u), u => Assert.StartsWith("docs/sample.md:13: ", u));
    }

    private List<MappedRoute> ApiRoutes() => RouteTable.Of(app.Services).Where(r => r.Template.StartsWith("/api/", StringComparison.Ordinal)).ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "docs")) && File.Exists(Path.Combine(dir.FullName, "Fowergram.Functions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (Fowergram.Functions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
