using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Bad input on every endpoint of posts, comments, collections and hashtags: a 4xx problem+json and no state change.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static readonly string LongText = new('a', 2201);
    private static readonly string ManyTags = string.Join(' ', Enumerable.Range(0, 31).Select(i => $"#t{i}"));
    private static readonly string ManyMentions = string.Join(' ', Enumerable.Range(0, 21).Select(i => $"@u{i}"));

    public static TheoryData<string, string, string, string> Bodies() => new()
    {
        // method, path ({post}, {comment}, {collection}, {upload}, {media} are the caller's own), body, field
        { "POST", "/api/v1/posts", "{}", "media" },
        { "POST", "/api/v1/posts", """{"media":[]}""", "media" },
        { "POST", "/api/v1/posts", "{\"media\":[" + string.Join(',', Enumerable.Repeat("{\"uploadId\":\"{upload}\"}", 11)) + "]}", "media" },
        { "POST", "/api/v1/posts", """{"media":[null]}""", "media[0]" },
        { "POST", "/api/v1/posts", """{"media":[{}]}""", "media[0].uploadId" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"not-a-uuid"}]}""", "media[0].uploadId" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"},{"uploadId":"{upload}"}]}""", "media" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","width":0}]}""", "media[0].width" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","height":-3}]}""", "media[0].height" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","width":1.5}]}""", "media[0].width" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","durationSeconds":-1}]}""", "media[0].durationSeconds" },
        { "POST", "/api/v1/posts", "{\"media\":[{\"uploadId\":\"{upload}\",\"altText\":\"" + new string('x', 1001) + "\"}]}", "media[0].altText" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","userTags":[{"username":"x","x":1.5,"y":0}]}]}""", "media[0].userTags[0].x" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","userTags":[{"x":0.5,"y":0.5}]}]}""", "media[0].userTags[0].username" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}","userTags":[{"username":"x","x":0.5}]}]}""", "media[0].userTags[0].y" },
        { "POST", "/api/v1/posts", "{\"media\":[{\"uploadId\":\"{upload}\"}],\"caption\":\"" + LongText + "\"}", "caption" },
        { "POST", "/api/v1/posts", "{\"media\":[{\"uploadId\":\"{upload}\"}],\"caption\":\"" + ManyTags + "\"}", "caption" },
        { "POST", "/api/v1/posts", "{\"media\":[{\"uploadId\":\"{upload}\"}],\"caption\":\"" + ManyMentions + "\"}", "caption" },
        { "POST", "/api/v1/posts", "{\"media\":[{\"uploadId\":\"{upload}\"}],\"location\":\"" + new string('l', 101) + "\"}", "location" },
        // A place's name is one line: a line break (U+2028 and U+2029 break it as \n does) or a control character is refused.
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"}],"location":"Lisbon\nPortugal"}""", "location" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"}],"location":"Lisbon\u2028Portugal"}""", "location" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"}],"location":"Lis\u0007bon"}""", "location" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"}],"commentsDisabled":"yes"}""", "commentsDisabled" },
        { "POST", "/api/v1/posts", """{"media":[{"uploadId":"{upload}"}],"caption":7}""", "caption" },
        { "PATCH", "/api/v1/posts/{post}", """{"caption":7}""", "caption" },
        { "PATCH", "/api/v1/posts/{post}", "{\"caption\":\"" + ManyTags + "\"}", "caption" },
        { "PATCH", "/api/v1/posts/{post}", """{"likesDisabled":null}""", "likesDisabled" },
        { "PATCH", "/api/v1/posts/{post}", """{"commentsDisabled":"no"}""", "commentsDisabled" },
        { "PATCH", "/api/v1/posts/{post}", "{\"location\":\"" + new string('l', 101) + "\"}", "location" },
        { "PATCH", "/api/v1/posts/{post}", """{"location":"Lisbon\u2029Portugal"}""", "location" },
        { "PATCH", "/api/v1/posts/{post}", """{"location":"Lisbon\rPortugal"}""", "location" },
        { "PATCH", "/api/v1/posts/{post}", """{"media":{"id":"{media}"}}""", "media" },
        { "PATCH", "/api/v1/posts/{post}", """{"media":[5]}""", "media[0]" },
        { "PATCH", "/api/v1/posts/{post}", """{"media":[{"altText":"x"}]}""", "media[0].id" },
        { "PATCH", "/api/v1/posts/{post}", "{\"media\":[" + string.Join(',', Enumerable.Repeat("{\"id\":\"{media}\",\"altText\":\"x\"}", 11)) + "]}", "media" },
        { "PATCH", "/api/v1/posts/{post}", """{"media":[{"id":"{media}","altText":3}]}""", "media[0].altText" },
        { "PATCH", "/api/v1/posts/{post}", """{"media":[{"id":"{post}","altText":"x"}]}""", "media[0].id" },
        { "POST", "/api/v1/posts/{post}/comments", "{}", "content" },
        { "POST", "/api/v1/posts/{post}/comments", """{"content":"   "}""", "content" },
        { "POST", "/api/v1/posts/{post}/comments", "{\"content\":\"" + LongText + "\"}", "content" },
        { "POST", "/api/v1/posts/{post}/comments", "{\"content\":\"" + ManyMentions + "\"}", "content" },
        { "POST", "/api/v1/posts/{post}/comments", """{"content":"x","parentId":"nope"}""", "parentId" },
        { "POST", "/api/v1/collections", "{}", "name" },
        { "POST", "/api/v1/collections", """{"name":"  "}""", "name" },
        { "POST", "/api/v1/collections", "{\"name\":\"" + new string('n', 101) + "\"}", "name" },
        { "POST", "/api/v1/collections", "{\"name\":\"ok\",\"description\":\"" + new string('d', 501) + "\"}", "description" },
        { "PATCH", "/api/v1/collections/{collection}", """{"name":null}""", "name" },
        { "PATCH", "/api/v1/collections/{collection}", """{"name":""}""", "name" },
        { "PATCH", "/api/v1/collections/{collection}", """{"coverPostId":"cover"}""", "coverPostId" },
        { "PATCH", "/api/v1/collections/{collection}", """{"coverPostId":12}""", "coverPostId" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Invalid_field_is_a_400_naming_it_and_changes_nothing(string method, string path, string body, string field)
    {
        var (user, ids) = await ArrangeAsync();
        var before = await StateAsync(user);

        var response = await _posts.SendRawAsync(new HttpMethod(method), Fill(path, ids), user, Fill(body, ids));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await StateAsync(user));
    }

    public static TheoryData<string, string> BodyRoutes() => new()
    {
        { "POST", "/api/v1/posts" }, { "PATCH", "/api/v1/posts/{post}" }, { "POST", "/api/v1/posts/{post}/comments" },
        { "POST", "/api/v1/collections" }, { "PATCH", "/api/v1/collections/{collection}" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Malformed_or_wrongly_typed_bodies_are_4xx_problems(string method, string path)
    {
        var (user, ids) = await ArrangeAsync();
        var before = await StateAsync(user);
        var url = Fill(path, ids);
        var cases = new (string Body, string ContentType, HttpStatusCode Status)[]
        {
            ("{\"media\":", "application/json", HttpStatusCode.BadRequest), ("", "application/json", HttpStatusCode.BadRequest),
            ("null", "application/json", HttpStatusCode.BadRequest), ("[1,2]", "application/json", HttpStatusCode.BadRequest),
            ("""{"name":"a","name":"b","caption":"c","caption":"d","content":"e","content":"f"}""", "application/json", HttpStatusCode.BadRequest),
            ("name=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
            ("{\"caption\":\"" + new string('x', 70_000) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, contentType, status) in cases)
            await (await _posts.SendRawAsync(new HttpMethod(method), url, user, body, contentType)).AssertProblemAsync(status);
        Assert.Equal(before, await StateAsync(user));
    }

    public static TheoryData<string> Lists() => new()
    {
        "/api/v1/users/{username}/posts", "/api/v1/users/me/posts/archived", "/api/v1/posts/{post}/likers", "/api/v1/posts/{post}/comments",
        "/api/v1/posts/{post}/comments/{comment}/replies", "/api/v1/users/me/saved", "/api/v1/collections", "/api/v1/collections/{collection}/posts",
        "/api/v1/hashtags/{hashtag}",
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Bad_limit_or_cursor_on_every_list_is_a_400(string path)
    {
        var (user, ids) = await ArrangeAsync();
        foreach (var query in new[] { "limit=0", "limit=51", "limit=ten", "limit=-1", "cursor=not-a-cursor", "cursor=" + new string('A', 120) })
        {
            var response = await _posts.GetAsync($"{Fill(path, ids)}?{query}", user);
            await response.AssertValidationErrorAsync(query.Split('=')[0]);
        }
    }

    [Fact]
    public async Task Bad_trending_limit_is_a_400()
    {
        foreach (var limit in new[] { "0", "51", "x" })
            await (await _posts.GetAsync($"/api/v1/hashtags/trending?limit={limit}", null)).AssertValidationErrorAsync("limit");
    }

    public static TheoryData<string, string> IdRoutes() => new()
    {
        { "GET", "/api/v1/posts/{id}" }, { "PATCH", "/api/v1/posts/{id}" }, { "DELETE", "/api/v1/posts/{id}" },
        { "POST", "/api/v1/posts/{id}/archive" }, { "POST", "/api/v1/posts/{id}/unarchive" }, { "PUT", "/api/v1/posts/{id}/like" },
        { "DELETE", "/api/v1/posts/{id}/like" }, { "GET", "/api/v1/posts/{id}/likers" }, { "POST", "/api/v1/posts/{id}/comments" },
        { "GET", "/api/v1/posts/{id}/comments" }, { "GET", "/api/v1/posts/{post}/comments/{id}/replies" },
        { "DELETE", "/api/v1/posts/{post}/comments/{id}" }, { "PUT", "/api/v1/posts/{post}/comments/{id}/like" },
        { "DELETE", "/api/v1/posts/{post}/comments/{id}/like" }, { "PUT", "/api/v1/posts/{id}/save" }, { "DELETE", "/api/v1/posts/{id}/save" },
        { "GET", "/api/v1/collections/{id}" }, { "PATCH", "/api/v1/collections/{id}" }, { "DELETE", "/api/v1/collections/{id}" },
        { "GET", "/api/v1/collections/{id}/posts" }, { "PUT", "/api/v1/collections/{id}/posts/{post}" },
        { "DELETE", "/api/v1/collections/{id}/posts/{post}" }, { "PUT", "/api/v1/collections/{collection}/posts/{id}" },
        { "DELETE", "/api/v1/collections/{collection}/posts/{id}" }, { "GET", "/api/v1/hashtags/{id}" }, { "PUT", "/api/v1/hashtags/{id}/follow" },
        { "DELETE", "/api/v1/hashtags/{id}/follow" }, { "GET", "/api/v1/users/{id}/posts" },
    };

    [Theory]
    [MemberData(nameof(IdRoutes))]
    public async Task Ids_that_cannot_name_anything_are_404(string method, string path)
    {
        var (user, ids) = await ArrangeAsync();
        foreach (var id in new[] { "not-a-uuid", Guid.NewGuid().ToString(), "%20", "a%2Fb" })
        {
            var body = method is "PATCH" ? "{}" : method == "POST" ? """{"content":"x"}""" : null;
            var url = Fill(path, ids).Replace("{id}", id);
            var response = body is null ? await _posts.SendAsync(new HttpMethod(method), url, user) : await _posts.SendRawAsync(new HttpMethod(method), url, user, body);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    public static TheoryData<string, string> WriteRoutes() => new()
    {
        { "POST", "/api/v1/posts" }, { "PATCH", "/api/v1/posts/{post}" }, { "DELETE", "/api/v1/posts/{post}" }, { "POST", "/api/v1/posts/{post}/archive" },
        { "POST", "/api/v1/posts/{post}/unarchive" }, { "PUT", "/api/v1/posts/{post}/like" }, { "DELETE", "/api/v1/posts/{post}/like" },
        { "POST", "/api/v1/posts/{post}/comments" }, { "DELETE", "/api/v1/posts/{post}/comments/{comment}" },
        { "PUT", "/api/v1/posts/{post}/comments/{comment}/like" }, { "DELETE", "/api/v1/posts/{post}/comments/{comment}/like" },
        { "PUT", "/api/v1/posts/{post}/save" }, { "DELETE", "/api/v1/posts/{post}/save" }, { "GET", "/api/v1/users/me/saved" },
        { "GET", "/api/v1/users/me/posts/archived" }, { "POST", "/api/v1/collections" }, { "GET", "/api/v1/collections" },
        { "GET", "/api/v1/collections/{collection}" }, { "PATCH", "/api/v1/collections/{collection}" }, { "DELETE", "/api/v1/collections/{collection}" },
        { "GET", "/api/v1/collections/{collection}/posts" }, { "PUT", "/api/v1/collections/{collection}/posts/{post}" },
        { "DELETE", "/api/v1/collections/{collection}/posts/{post}" }, { "PUT", "/api/v1/hashtags/{hashtag}/follow" },
        { "DELETE", "/api/v1/hashtags/{hashtag}/follow" },
    };

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task Without_a_valid_token_is_a_401_and_changes_nothing(string method, string path)
    {
        var (user, ids) = await ArrangeAsync();
        var before = await StateAsync(user);
        var url = Fill(path, ids);
        var anonymous = await _posts.SendRawAsync(new HttpMethod(method), url, null, """{"content":"x","name":"n","media":[]}""");
        var forged = await _posts.SendRawAsync(new HttpMethod(method), url, user with { Token = user.Token[..^4] + "AAAA" }, "{}");

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await forged.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await StateAsync(user));
    }

    // One arrangement for the whole class (every case must leave it unchanged anyway): a post, comment,
    // collection and upload per case would only flood the suite's shared event pipeline.
    private static Task<(Media.TestUser User, Dictionary<string, string> Ids)>? _arranged;
    private static readonly Lock ArrangeLock = new();

    private Task<(Media.TestUser User, Dictionary<string, string> Ids)> ArrangeAsync()
    {
        lock (ArrangeLock) return _arranged ??= ArrangeOnceAsync();
    }

    private async Task<(Media.TestUser User, Dictionary<string, string> Ids)> ArrangeOnceAsync()
    {
        var user = await _posts.NewUserAsync();
        var hashtag = "bad" + Guid.NewGuid().ToString("N")[..10];
        var post = await _posts.CreatePostAsync(user, $"#{hashtag}");
        var postId = post.GetProperty("id").GetString()!;
        var comment = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", user, new { content = "c" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var collection = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", user, new { name = "c" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var upload = (await _posts.UploadAsync(user)).UploadId.ToString();
        return (user, new()
        {
            ["{post}"] = postId, ["{comment}"] = comment, ["{collection}"] = collection, ["{upload}"] = upload, ["{hashtag}"] = hashtag,
            ["{media}"] = post.GetProperty("media")[0].GetProperty("id").GetString()!, ["{username}"] = user.Username,
        });
    }

    private static string Fill(string text, Dictionary<string, string> ids) => ids.Aggregate(text, (t, p) => t.Replace(p.Key, p.Value));

    private Task<string> StateAsync(Media.TestUser user) => _posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(concat(p.id, p.caption, p.location, p.is_archived, p.comments_disabled, p.likes_disabled, p.deleted_at, p.updated_at), ',' ORDER BY p.id)
               FROM posts p WHERE p.user_id = @id),
            (SELECT string_agg(concat(m.id, m.alt_text), ',' ORDER BY m.id) FROM post_media m JOIN posts p ON p.id = m.post_id WHERE p.user_id = @id),
            (SELECT count(*) FROM comments WHERE user_id = @id AND deleted_at IS NULL), (SELECT count(*) FROM likes WHERE user_id = @id),
            (SELECT count(*) FROM comment_likes WHERE user_id = @id), (SELECT count(*) FROM saved_posts WHERE user_id = @id),
            (SELECT string_agg(concat(c.id, c.name, c.description, c.cover_post_id, c.updated_at), ',' ORDER BY c.id) FROM collections c WHERE c.user_id = @id),
            (SELECT count(*) FROM hashtag_follows WHERE user_id = @id),
            (SELECT string_agg(concat(u.id, u.status), ',' ORDER BY u.id) FROM uploads u WHERE u.user_id = @id))
        """, new { id = user.Id });
}
