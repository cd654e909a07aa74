using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

[Collection(ApiCollection.Name)]
public sealed class UploadSlotTests(FowergramApp app)
{
    private readonly MediaClient _media = new(app);

    [Fact]
    public async Task Slot_names_one_url_method_headers_and_an_expiry_minutes_away()
    {
        var user = await _media.NewUserAsync();
        var response = await _media.RequestSlotAsync(user, new { purpose = "post", contentType = "image/jpeg", size = 2048 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = json.GetProperty("uploadId").GetGuid();
        Assert.Equal($"/api/v1/media/uploads/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("PUT", json.GetProperty("method").GetString());
        Assert.Equal("image/jpeg", json.GetProperty("headers").GetProperty("Content-Type").GetString());
        var url = new Uri(json.GetProperty("uploadUrl").GetString()!);
        Assert.Equal($"/media/post/{user.Id:D}/{id:D}", url.AbsolutePath);
        var expiresIn = json.GetProperty("expiresAt").GetDateTimeOffset() - app.Clock.GetUtcNow();
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Owner_reads_the_status_of_a_slot()
    {
        var user = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(user, "avatar", "image/png", 100);

        var response = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{slot.UploadId}", user);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("pending", "avatar", "image/png", 100L), (json.GetProperty("status").GetString(), json.GetProperty("purpose").GetString(),
            json.GetProperty("contentType").GetString(), json.GetProperty("size").GetInt64()));
    }

    [Fact]
    public async Task Another_users_slot_status_is_404_like_a_missing_one()
    {
        var owner = await _media.NewUserAsync();
        var other = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(owner, "post", "image/jpeg", 100);

        var foreign = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{slot.UploadId}", other);
        var missing = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{Guid.CreateVersion7()}", other);
        var malformed = await _media.SendAsync(HttpMethod.Get, "/api/v1/media/uploads/not-a-guid", other);

        var a = await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        var b = await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Slot_and_status_need_a_bearer_token()
    {
        var create = await _media.RequestSlotAsync(null, new { purpose = "post", contentType = "image/jpeg", size = 10 });
        var status = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{Guid.CreateVersion7()}", null);

        await create.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await status.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", create.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("""{"purpose":"selfie","contentType":"image/jpeg","size":10}""", "purpose")]
    [InlineData("""{"contentType":"image/jpeg","size":10}""", "purpose")]
    [InlineData("""{"purpose":"post","contentType":"image/gif","size":10}""", "contentType")]
    [InlineData("""{"purpose":"post","size":10}""", "contentType")]
    [InlineData("""{"purpose":"avatar","contentType":"video/mp4","size":10}""", "contentType")]
    [InlineData("""{"purpose":"reel","contentType":"image/jpeg","size":10}""", "contentType")]
    [InlineData("""{"purpose":"video","contentType":"image/png","size":10}""", "contentType")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg","size":0}""", "size")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg","size":-5}""", "size")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg"}""", "size")]
    [InlineData("""{"purpose":"avatar","contentType":"image/jpeg","size":10485761}""", "size")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg","size":31457281}""", "size")]
    [InlineData("""{"purpose":"story","contentType":"video/mp4","size":104857601}""", "size")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg","size":"big"}""", "size")]
    [InlineData("""{"purpose":"post","contentType":"image/jpeg","size":1.5}""", "size")]
    [InlineData("""{"purpose":7,"contentType":"image/jpeg","size":10}""", "purpose")]
    public async Task Invalid_slot_request_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var user = await _media.NewUserAsync();
        var response = await _media.SendAsync(HttpMethod.Post, "/api/v1/media/uploads", user, new StringContent(body, Encoding.UTF8, "application/json"));
        await response.AssertValidationErrorAsync(field);
    }

    [Theory]
    [InlineData("{\"purpose\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("null", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("purpose=post", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Malformed_slot_request_is_a_4xx_problem(string body, string contentType, HttpStatusCode status)
    {
        var user = await _media.NewUserAsync();
        var response = await _media.SendAsync(HttpMethod.Post, "/api/v1/media/uploads", user, new StringContent(body, Encoding.UTF8, contentType));
        await response.AssertProblemAsync(status);
    }

    [Theory]
    [InlineData("post", "video/quicktime", 250L * 1024 * 1024)]
    [InlineData("reel", "video/mp4", 500L * 1024 * 1024)]
    [InlineData("video", "video/mp4", 2048L * 1024 * 1024)]
    [InlineData("message", "image/heic", 30L * 1024 * 1024)]
    [InlineData("story", "image/webp", 1)]
    public async Task Each_purpose_accepts_its_types_up_to_its_limit(string purpose, string contentType, long size)
    {
        var user = await _media.NewUserAsync();
        await _media.CreateSlotAsync(user, purpose, contentType, size);
    }

    [Fact]
    public async Task Pending_slots_are_capped_per_user_with_retry_after()
    {
        var user = await _media.NewUserAsync();
        var other = await _media.NewUserAsync();
        for (var i = 0; i < 20; i++) await _media.CreateSlotAsync(user, "story", "image/jpeg", 100);

        var refused = await _media.RequestSlotAsync(user, new { purpose = "story", contentType = "image/jpeg", size = 100 });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("pending", problem.GetProperty("detail").GetString());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 500, 600);
        await _media.CreateSlotAsync(other, "story", "image/jpeg", 100); // the cap is per user
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_pending_cap()
    {
        var user = await _media.NewUserAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            _media.RequestSlotAsync(user, new { purpose = "post", contentType = "image/jpeg", size = 100 })));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }
}
