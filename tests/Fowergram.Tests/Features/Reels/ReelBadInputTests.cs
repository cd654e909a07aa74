using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Bad input on every reel route: a 4xx problem+json naming what is wrong, and no state change.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelBadInputTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    public static TheoryData<string, string, string, string> Bodies() => new()
    {
        // {reel} is a reel of the caller, {upload} a pending reel upload of the caller, {comment} a comment on {reel}
        { "POST", "/api/v1/reels", "{}", "uploadId" },
        { "POST", "/api/v1/reels", """{"durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/reels", """{"uploadId":"00000000-0000-0000-0000-000000000000","durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/reels", """{"uploadId":"not-a-uuid","durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}"}""", "durationSeconds" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":0}""", "durationSeconds" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":181}""", "durationSeconds" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":"ten"}""", "durationSeconds" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"width":0}""", "width" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"height":20001}""", "height" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"caption":7}""", "caption" },
        { "POST", "/api/v1/reels", "{\"uploadId\":\"{upload}\",\"durationSeconds\":10,\"caption\":\"" + new string('c', 2201) + "\"}", "caption" },
        { "POST", "/api/v1/reels", "{\"uploadId\":\"{upload}\",\"durationSeconds\":10,\"caption\":\"" + string.Concat(Enumerable.Range(0, 31).Select(i => $"#t{i} ")) + "\"}", "caption" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"audioTrackId":"00000000-0000-0000-0000-000000000000"}""", "audioTrackId" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"audioTrackId":"{upload}"}""", "audioTrackId" },
        { "POST", "/api/v1/reels", """{"uploadId":"{upload}","durationSeconds":10,"likesDisabled":"yes"}""", "likesDisabled" },
        { "PATCH", "/api/v1/reels/{reel}", """{"caption":7}""", "caption" },
        { "PATCH", "/api/v1/reels/{reel}", "{\"caption\":\"" + new string('c', 2201) + "\"}", "caption" },
        { "PATCH", "/api/v1/reels/{reel}", """{"commentsDisabled":"no"}""", "commentsDisabled" },
        { "PATCH", "/api/v1/reels/{reel}", """{"likesDisabled":null}""", "likesDisabled" },
        { "POST", "/api/v1/reels/{reel}/comments", "{}", "content" },
        { "POST", "/api/v1/reels/{reel}/comments", """{"content":"   "}""", "content" },
        { "POST", "/api/v1/reels/{reel}/comments", "{\"content\":\"" + new string('c', 2201) + "\"}", "content" },
        { "POST", "/api/v1/reels/{reel}/comments", """{"content":7}""", "content" },
        { "POST", "/api/v1/reels/{reel}/comments", """{"content":"x","parentId":"nope"}""", "parentId" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Invalid_field_is_a_400_naming_it_and_changes_nothing(string method, string path, string body, string field)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);

        var response = await _reels.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, fill(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await StateAsync(user));
    }

    public static TheoryData<string, string> BodyRoutes() => new()
    {
        { "POST", "/api/v1/reels" }, { "PATCH", "/api/v1/reels/{reel}" }, { "POST", "/api/v1/reels/{reel}/comments" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Malformed_or_wrongly_typed_bodies_are_4xx_problems(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        var cases = new (string Body, string ContentType, HttpStatusCode Status)[]
        {
            ("{\"content\":", "application/json", HttpStatusCode.BadRequest), ("null", "application/json", HttpStatusCode.BadRequest),
            ("[1,2]", "application/json", HttpStatusCode.BadRequest), ("", "application/json", HttpStatusCode.BadRequest),
            ("""{"content":"a","content":"b","caption":"c","caption":"d","uploadId":null,"uploadId":null}""", "application/json", HttpStatusCode.BadRequest),
            ("content=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
            ("{\"content\":\"" + new string('x', 70_000) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, contentType, status) in cases)
            await (await _reels.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, body, contentType)).AssertProblemAsync(status);
        Assert.Equal(before, await StateAsync(user));
    }

    [Theory]
    [InlineData("/api/v1/reels/{reel}/comments")]
    [InlineData("/api/v1/reels/{reel}/comments/{comment}/replies")]
    [InlineData("/api/v1/reels/{reel}/likers")]
    [InlineData("/api/v1/users/me/reels")]
    [InlineData("/api/v1/audio/{audio}/reels")]
    public async Task Bad_limit_or_cursor_is_a_400(string path)
    {
        var (user, fill) = await ArrangeAsync();
        foreach (var query in new[] { "limit=0", "limit=51", "limit=ten", "cursor=not-a-cursor" })
            await (await _reels.GetAsync($"{fill(path)}?{query}", user)).AssertValidationErrorAsync(query.Split('=')[0]);
        foreach (var query in new[] { "limit=0", "limit=51", "limit=-1" })
            await (await _reels.GetAsync($"/api/v1/reels/trending?{query}", user)).AssertValidationErrorAsync("limit");
    }

    [Theory]
    [InlineData("GET", "/api/v1/reels/not-a-uuid")]
    [InlineData("PATCH", "/api/v1/reels/not-a-uuid")]
    [InlineData("DELETE", "/api/v1/reels/00000000-0000-0000-0000-000000000000")]
    [InlineData("PUT", "/api/v1/reels/not-a-uuid/like")]
    [InlineData("DELETE", "/api/v1/reels/{missing}/like")]
    [InlineData("GET", "/api/v1/reels/not-a-uuid/likers")]
    [InlineData("POST", "/api/v1/reels/not-a-uuid/views")]
    [InlineData("POST", "/api/v1/reels/{missing}/views")]
    [InlineData("POST", "/api/v1/reels/{missing}/comments")]
    [InlineData("GET", "/api/v1/reels/{missing}/comments")]
    [InlineData("GET", "/api/v1/reels/{reel}/comments/not-a-uuid/replies")]
    [InlineData("DELETE", "/api/v1/reels/{reel}/comments/{missing}")]
    [InlineData("DELETE", "/api/v1/reels/{reel}/comments/nope")]
    [InlineData("GET", "/api/v1/users/nobody-has-this-name-x/reels")]
    [InlineData("GET", "/api/v1/audio/not-a-uuid/reels")]
    [InlineData("GET", "/api/v1/audio/{missing}/reels")]
    public async Task Ids_that_name_nothing_are_404_and_change_nothing(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        var body = method is "PATCH" or "POST" ? new { content = "x", caption = "x" } : null;
        await (await _reels.SendAsync(new HttpMethod(method), fill(path), user, body)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(user));
    }

    private async Task<(TestUser User, Func<string, string> Fill)> ArrangeAsync()
    {
        var user = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(user);
        var comment = await _reels.CommentAsync(user, reel, "hi");
        var upload = await _reels.VideoAsync(user);
        var audio = await _reels.AudioTrackAsync();
        return (user, text => text.Replace("{reel}", reel.ToString()).Replace("{upload}", upload.UploadId.ToString())
            .Replace("{comment}", comment.ToString()).Replace("{audio}", audio.ToString()).Replace("{missing}", Guid.NewGuid().ToString()));
    }

    /// <summary>The caller's reels (caption, switches, deletion), comments, likes, views and uploads' states.</summary>
    private Task<string> StateAsync(TestUser user) => _reels.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(r.id::text || r.caption || r.comments_disabled || r.likes_disabled || coalesce(r.deleted_at::text, '-'), ',' ORDER BY r.id)
               FROM reels r WHERE r.user_id = @id),
            (SELECT string_agg(c.id::text || coalesce(c.deleted_at::text, '-'), ',' ORDER BY c.id) FROM reel_comments c
               JOIN reels r ON r.id = c.reel_id WHERE r.user_id = @id),
            (SELECT count(*) FROM reel_likes WHERE user_id = @id), (SELECT count(*) FROM reel_views WHERE user_id = @id),
            (SELECT string_agg(u.id::text || u.status, ',' ORDER BY u.id) FROM uploads u WHERE u.user_id = @id))
        """, new { id = user.Id });
}
