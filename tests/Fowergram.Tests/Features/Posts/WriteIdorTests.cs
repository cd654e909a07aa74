using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Reliability checklist 11: user A sends B's ids to every write endpoint → 404 and nothing changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class WriteIdorTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private sealed record Victim(TestUser B, Guid PublicPost, Guid PrivatePost, Guid Comment, Guid PrivateComment, Guid Collection, Guid Upload);

    private async Task<Victim> VictimAsync()
    {
        var b = await _posts.NewUserAsync();
        var publicPost = await _posts.PostIdAsync(b, "B's caption");
        var comment = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{publicPost}/comments", b, new { content = "B's comment" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var privateOwner = await _posts.NewUserAsync(isPrivate: true);
        var privatePost = await _posts.PostIdAsync(privateOwner);
        var privateComment = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{privatePost}/comments", privateOwner, new { content = "hidden" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var collection = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", b, new { name = "B's" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{publicPost}", b);
        var upload = (await _posts.UploadAsync(b)).UploadId;
        return new Victim(b, publicPost, privatePost, comment, privateComment, collection, upload);
    }

    /// <summary>Everything about B that a write by A could change.</summary>
    private Task<string> StateAsync(Victim v) => _posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(concat(id, caption, location, is_archived, comments_disabled, likes_disabled, deleted_at, updated_at), ',' ORDER BY id)
               FROM posts WHERE id IN (@PublicPost, @PrivatePost)),
            (SELECT string_agg(concat(id, deleted_at), ',' ORDER BY id) FROM comments WHERE post_id IN (@PublicPost, @PrivatePost)),
            (SELECT string_agg(alt_text, ',' ORDER BY id) FROM post_media WHERE post_id IN (@PublicPost, @PrivatePost)),
            (SELECT count(*) FROM likes WHERE post_id = @PrivatePost), (SELECT count(*) FROM comment_likes WHERE comment_id = @PrivateComment),
            (SELECT count(*) FROM saved_posts WHERE post_id = @PrivatePost),
            (SELECT concat(name, description, cover_post_id, updated_at) FROM collections WHERE id = @Collection),
            (SELECT count(*) FROM collection_posts WHERE collection_id = @Collection),
            (SELECT status FROM uploads WHERE id = @Upload))
        """, v);

    [Fact]
    public async Task Every_write_with_another_users_ids_is_404_and_changes_nothing()
    {
        var v = await VictimAsync();
        var a = await _posts.NewUserAsync();
        var aCollection = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", a, new { name = "A's" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var before = await StateAsync(v);
        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Patch, $"/api/v1/posts/{v.PublicPost}", new { caption = "pwned", location = "x", commentsDisabled = true }),
            (HttpMethod.Patch, $"/api/v1/posts/{v.PrivatePost}", new { caption = "pwned" }),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PublicPost}", null),
            (HttpMethod.Post, $"/api/v1/posts/{v.PublicPost}/archive", null),
            (HttpMethod.Post, $"/api/v1/posts/{v.PublicPost}/unarchive", null),
            (HttpMethod.Post, "/api/v1/posts", new { media = new[] { new { uploadId = v.Upload } }, caption = "stolen" }),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PublicPost}/comments/{v.Comment}", null),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PrivatePost}/comments/{v.PrivateComment}", null),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PublicPost}/comments/{v.PrivateComment}", null),
            (HttpMethod.Put, $"/api/v1/posts/{v.PrivatePost}/like", null),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PrivatePost}/like", null),
            (HttpMethod.Post, $"/api/v1/posts/{v.PrivatePost}/comments", new { content = "hi" }),
            (HttpMethod.Post, $"/api/v1/posts/{v.PublicPost}/comments", new { content = "hi", parentId = v.PrivateComment }),
            (HttpMethod.Put, $"/api/v1/posts/{v.PrivatePost}/comments/{v.PrivateComment}/like", null),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PrivatePost}/comments/{v.PrivateComment}/like", null),
            (HttpMethod.Put, $"/api/v1/posts/{v.PublicPost}/comments/{v.PrivateComment}/like", null),
            (HttpMethod.Put, $"/api/v1/posts/{v.PrivatePost}/save", null),
            (HttpMethod.Delete, $"/api/v1/posts/{v.PrivatePost}/save", null),
            (HttpMethod.Patch, $"/api/v1/collections/{v.Collection}", new { name = "pwned" }),
            (HttpMethod.Delete, $"/api/v1/collections/{v.Collection}", null),
            (HttpMethod.Put, $"/api/v1/collections/{v.Collection}/posts/{v.PublicPost}", null),
            (HttpMethod.Delete, $"/api/v1/collections/{v.Collection}/posts/{v.PublicPost}", null),
            (HttpMethod.Put, $"/api/v1/collections/{aCollection}/posts/{v.PrivatePost}", null),
            (HttpMethod.Delete, $"/api/v1/collections/{aCollection}/posts/{v.PrivatePost}", null),
        };

        foreach (var (method, path, body) in attempts)
        {
            var response = await _posts.SendAsync(method, path, a, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        foreach (var path in new[] { $"/api/v1/collections/{v.Collection}", $"/api/v1/collections/{v.Collection}/posts" })
            await (await _posts.GetAsync(path, a)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await StateAsync(v));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = a.Id }));
    }
}
