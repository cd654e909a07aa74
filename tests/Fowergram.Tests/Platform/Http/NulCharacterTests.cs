using System.Net;
using System.Text;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// U+0000 in a query parameter or a JSON string: PostgreSQL text cannot hold it, so it used to fail the statement and
/// answer 500 on several routes (login, post edits, collections, searches). Now a body is refused by JsonBody naming
/// the member, and a query parameter by the hosts' shared error mapping (UnhandledErrors); nothing is written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NulCharacterTests(FowergramApp app)
{
    [Fact]
    public async Task A_nul_anywhere_is_a_400_problem_and_changes_nothing()
    {
        var posts = new PostsClient(app);
        var user = await posts.NewUserAsync();
        var postId = await posts.PostIdAsync(user, "before");
        var failures = new List<string>();
        var cases = new (HttpMethod Method, string Url, string? Body, string? Field)[]
        {
            (HttpMethod.Get, "/api/v1/locations/search?q=abc%00def", null, null),
            (HttpMethod.Get, "/api/v1/locations/posts?name=a%00b", null, null),
            (HttpMethod.Get, "/api/v1/users/search?q=a%00b", null, null),
            (HttpMethod.Get, "/api/v1/hashtags/search?q=a%00b", null, "q"),
            (HttpMethod.Post, "/api/v1/users/me/searches", """{"type":"location","term":"a\u0000b"}""", "term"),
            (HttpMethod.Post, $"/api/v1/posts/{postId}/comments", """{"text":"a\u0000b"}""", "text"),
            (HttpMethod.Patch, $"/api/v1/posts/{postId}", """{"caption":"a\u0000b"}""", "caption"),
            (HttpMethod.Patch, $"/api/v1/posts/{postId}", """{"location":"a\u0000b"}""", "location"),
            (HttpMethod.Patch, "/api/v1/users/me", """{"bio":"a\u0000b"}""", "bio"),
            (HttpMethod.Post, "/api/v1/collections", """{"name":"a\u0000b"}""", "name"),
            (HttpMethod.Post, "/api/v1/auth/login", """{"login":"a\u0000b","password":"x"}""", "login"),
            (HttpMethod.Post, "/api/v1/posts", $$"""{"media":[{"uploadId":"{{Guid.NewGuid()}}"},{"uploadId":"{{Guid.NewGuid()}}","altText":"a\u0000"}]}""", "media[1].altText"),
        };
        foreach (var (method, url, body, field) in cases)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Authorization = new("Bearer", user.Token);
            using var response = await app.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{method} {url} {body} → {(int)response.StatusCode} {text}");
            else if (field is not null && !text.Contains($"\"{field}\"", StringComparison.Ordinal))
                failures.Add($"{method} {url} {body} → 400 without naming {field}: {text}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var post = await (await posts.GetAsync($"/api/v1/posts/{postId}", user)).ReadJsonAsync();
        Assert.Equal("before", post.GetProperty("caption").GetString());
        Assert.Equal(0L, await posts.ScalarAsync<long>("SELECT count(*) FROM search_history WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal(0L, await posts.ScalarAsync<long>("SELECT count(*) FROM collections WHERE user_id = @id", new { id = user.Id }));
    }

    /// <summary>An escaped unpaired surrogate (\ud800) cannot be unescaped by .NET: merge patches read it late and threw (500).</summary>
    [Fact]
    public async Task An_unpaired_surrogate_escape_anywhere_in_a_body_is_a_400_naming_it_and_changes_nothing()
    {
        var posts = new PostsClient(app);
        var user = await posts.NewUserAsync();
        var postId = await posts.PostIdAsync(user, "before");
        var cases = new (HttpMethod Method, string Url, string Body, string Field)[]
        {
            (HttpMethod.Patch, $"/api/v1/posts/{postId}", """{"caption":"a\ud800"}""", "caption"),
            (HttpMethod.Patch, "/api/v1/users/me", """{"bio":"\udc00b"}""", "bio"),
            (HttpMethod.Post, "/api/v1/collections", """{"name":"ok","unknown":"\ud800"}""", "unknown"),
        };
        foreach (var (method, url, body, field) in cases)
            await (await posts.Media.SendAsync(method, url, user, new StringContent(body, Encoding.UTF8, "application/json")))
                .AssertValidationErrorAsync(field);

        var post = await (await posts.GetAsync($"/api/v1/posts/{postId}", user)).ReadJsonAsync();
        Assert.Equal("before", post.GetProperty("caption").GetString());
        Assert.Equal(0L, await posts.ScalarAsync<long>("SELECT count(*) FROM collections WHERE user_id = @id", new { id = user.Id }));
    }
}
