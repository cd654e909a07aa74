using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Bad input on every video and series route: a 4xx problem+json naming what is wrong, and no state change.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoBadInputTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private static readonly string LongTitle = new('t', 101);
    private static readonly string LongText = new('d', 2201);

    public static TheoryData<string, string, string, string> Bodies() => new()
    {
        // {video} is a video of the caller, {upload} a pending video upload of the caller, {series} a series of the caller
        { "POST", "/api/v1/videos", "{}", "uploadId" },
        { "POST", "/api/v1/videos", """{"title":"t","durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/videos", """{"uploadId":"00000000-0000-0000-0000-000000000000","title":"t","durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/videos", """{"uploadId":"not-a-uuid","title":"t","durationSeconds":10}""", "uploadId" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","durationSeconds":10}""", "title" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"   ","durationSeconds":10}""", "title" },
        { "POST", "/api/v1/videos", "{\"uploadId\":\"{upload}\",\"title\":\"" + LongTitle + "\",\"durationSeconds\":10}", "title" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":7,"durationSeconds":10}""", "title" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"a\u0000b","durationSeconds":10}""", "title" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"\ud800","durationSeconds":10}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", """{"title":"\ud800"}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", """{"description":"x\udc00"}""", "description" },
        { "POST", "/api/v1/series", """{"title":"\udc00x"}""", "title" },
        { "PATCH", "/api/v1/series/{series}", """{"description":"\ud800"}""", "description" },
        { "PATCH", "/api/v1/series/{series}", """{"title":"a\u0000b"}""", "title" },
        { "POST", "/api/v1/videos", "{\"uploadId\":\"{upload}\",\"title\":\"t\",\"description\":\"" + LongText + "\",\"durationSeconds\":10}", "description" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t"}""", "durationSeconds" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":0}""", "durationSeconds" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":3601}""", "durationSeconds" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":"long"}""", "durationSeconds" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":10,"seriesId":"00000000-0000-0000-0000-000000000000"}""", "seriesId" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":10,"seriesId":"nope"}""", "seriesId" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"t","durationSeconds":10,"published":"yes"}""", "published" },
        { "PATCH", "/api/v1/videos/{video}", """{"title":null}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", """{"title":""}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", "{\"title\":\"" + LongTitle + "\"}", "title" },
        { "PATCH", "/api/v1/videos/{video}", "{\"description\":\"" + LongText + "\"}", "description" },
        { "PATCH", "/api/v1/videos/{video}", """{"description":7}""", "description" },
        { "PATCH", "/api/v1/videos/{video}", """{"seriesId":"nope"}""", "seriesId" },
        { "PATCH", "/api/v1/videos/{video}", """{"seriesId":5}""", "seriesId" },
        // A title is one line: no line break (U+2028 and U+2029 break lines too, though not control characters), tab or escape.
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"Part one\nPart two","durationSeconds":10}""", "title" },
        { "POST", "/api/v1/videos", """{"uploadId":"{upload}","title":"Part one\u2028Part two","durationSeconds":10}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", """{"title":"a\tb"}""", "title" },
        { "PATCH", "/api/v1/videos/{video}", """{"title":"a\u2029b"}""", "title" },
        { "POST", "/api/v1/series", """{"title":"Season\u001b[31m one"}""", "title" },
        { "PATCH", "/api/v1/series/{series}", """{"title":"Season\r\none"}""", "title" },
        { "PATCH", "/api/v1/series/{series}", """{"title":"Season\u2028one"}""", "title" },
        { "POST", "/api/v1/series", "{}", "title" },
        { "POST", "/api/v1/series", """{"title":" "}""", "title" },
        { "POST", "/api/v1/series", "{\"title\":\"" + LongTitle + "\"}", "title" },
        { "POST", "/api/v1/series", "{\"title\":\"t\",\"description\":\"" + LongText + "\"}", "description" },
        { "POST", "/api/v1/series", """{"title":["t"]}""", "title" },
        // A member nothing reads still may not carry text PostgreSQL cannot store (it used to reach the database or throw).
        { "POST", "/api/v1/series", """{"title":"ok","junk":"\ud800"}""", "junk" },
        { "PATCH", "/api/v1/series/{series}", """{"title":null}""", "title" },
        { "PATCH", "/api/v1/series/{series}", "{\"title\":\"" + LongTitle + "\"}", "title" },
        { "PATCH", "/api/v1/series/{series}", """{"description":false}""", "description" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Invalid_field_is_a_400_naming_it_and_changes_nothing(string method, string path, string body, string field)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);

        var response = await _videos.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, fill(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await StateAsync(user));
    }

    public static TheoryData<string, string> BodyRoutes() => new()
    {
        { "POST", "/api/v1/videos" }, { "PATCH", "/api/v1/videos/{video}" }, { "POST", "/api/v1/series" }, { "PATCH", "/api/v1/series/{series}" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Malformed_or_wrongly_typed_bodies_are_4xx_problems(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        var cases = new (string Body, string ContentType, HttpStatusCode Status)[]
        {
            ("{\"title\":", "application/json", HttpStatusCode.BadRequest), ("null", "application/json", HttpStatusCode.BadRequest),
            ("[1,2]", "application/json", HttpStatusCode.BadRequest), ("", "application/json", HttpStatusCode.BadRequest),
            ("""{"title":null,"title":null}""", "application/json", HttpStatusCode.BadRequest),
            ("title=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
            ("{\"title\":\"" + new string('x', 70_000) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, contentType, status) in cases)
            await (await _videos.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, body, contentType)).AssertProblemAsync(status);
        Assert.Equal(before, await StateAsync(user));
    }

    [Theory]
    [InlineData("/api/v1/users/me/videos")]
    [InlineData("/api/v1/users/me/series")]
    [InlineData("/api/v1/videos/drafts")]
    [InlineData("/api/v1/series/{series}")]
    public async Task Bad_limit_or_cursor_is_a_400(string path)
    {
        var (user, fill) = await ArrangeAsync();
        foreach (var query in new[] { "limit=0", "limit=51", "limit=ten", "cursor=not-a-cursor" })
            await (await _videos.GetAsync($"{fill(path)}?{query}", user)).AssertValidationErrorAsync(query.Split('=')[0]);
    }

    [Theory]
    [InlineData("GET", "/api/v1/videos/not-a-uuid")]
    [InlineData("GET", "/api/v1/videos/{missing}")]
    [InlineData("PATCH", "/api/v1/videos/not-a-uuid")]
    [InlineData("PATCH", "/api/v1/videos/{missing}")]
    [InlineData("DELETE", "/api/v1/videos/00000000-0000-0000-0000-000000000000")]
    [InlineData("POST", "/api/v1/videos/not-a-uuid/publish")]
    [InlineData("POST", "/api/v1/videos/{missing}/unpublish")]
    [InlineData("POST", "/api/v1/videos/not-a-uuid/views")]
    [InlineData("POST", "/api/v1/videos/{missing}/views")]
    [InlineData("GET", "/api/v1/users/nobody-has-this-name-x/videos")]
    [InlineData("GET", "/api/v1/users/nobody-has-this-name-x/series")]
    [InlineData("GET", "/api/v1/series/not-a-uuid")]
    [InlineData("GET", "/api/v1/series/{missing}")]
    [InlineData("PATCH", "/api/v1/series/{missing}")]
    [InlineData("DELETE", "/api/v1/series/not-a-uuid")]
    public async Task Ids_that_name_nothing_are_404_and_change_nothing(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        var body = method is "PATCH" or "POST" ? new { title = "x" } : null;
        await (await _videos.SendAsync(new HttpMethod(method), fill(path), user, body)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(user));
    }

    [Fact]
    public async Task An_unknown_series_on_create_or_edit_is_a_404_and_claims_nothing()
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        await (await _videos.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/videos", user,
            fill("""{"uploadId":"{upload}","title":"t","durationSeconds":10,"seriesId":"{missing}"}"""))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.Posts.SendRawAsync(HttpMethod.Patch, fill("/api/v1/videos/{video}"), user, fill("""{"title":"changed","seriesId":"{missing}"}""")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(user));
    }

    private async Task<(TestUser User, Func<string, string> Fill)> ArrangeAsync()
    {
        var user = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(user);
        var video = await _videos.VideoIdAsync(user, seriesId: series);
        var upload = await _videos.UploadAsync(user);
        return (user, text => text.Replace("{video}", video.ToString()).Replace("{upload}", upload.UploadId.ToString())
            .Replace("{series}", series.ToString()).Replace("{missing}", Guid.NewGuid().ToString()));
    }

    /// <summary>The caller's videos (fields, series, publication, deletion), series, views, uploads' states and the videos' events.</summary>
    private Task<string> StateAsync(TestUser user) => _videos.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(v.id::text || v.title || v.description || coalesce(v.series_id::text, '-') || v.is_published
                               || coalesce(v.deleted_at::text, '-'), ',' ORDER BY v.id) FROM igtv_videos v WHERE v.user_id = @id),
            (SELECT string_agg(s.id::text || s.title || s.description, ',' ORDER BY s.id) FROM igtv_series s WHERE s.user_id = @id),
            (SELECT count(*) FROM igtv_views WHERE user_id = @id),
            (SELECT count(*) FROM outbox o JOIN igtv_videos v ON o.payload->>'videoId' = v.id::text WHERE v.user_id = @id),
            (SELECT string_agg(u.id::text || u.status, ',' ORDER BY u.id) FROM uploads u WHERE u.user_id = @id))
        """, new { id = user.Id });
}
