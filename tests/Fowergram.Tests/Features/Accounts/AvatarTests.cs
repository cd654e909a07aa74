using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>The profile photo: PUT/DELETE /users/me/avatar from an avatar upload, and the published URL GET /avatars/{id}.</summary>
[Collection(ApiCollection.Name)]
public sealed class AvatarTests(FowergramApp app) : IDisposable
{
    private readonly MediaClient _media = new(app);

    /// <summary>Redirects are the answer under test, so this client does not follow them.</summary>
    private readonly HttpClient _noRedirects = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

    public void Dispose() => _noRedirects.Dispose();

    [Fact]
    public async Task A_photo_set_from_an_avatar_upload_is_on_the_profile_and_its_url_redirects_to_the_bytes()
    {
        var user = await _media.NewUserAsync();
        var (slot, bytes) = await _media.UploadedAsync(user, "avatar", "image/png", MediaSamples.Png());

        var me = await (await SetAsync(user, slot.UploadId)).ReadJsonAsync();
        var avatar = me.GetProperty("avatar").GetString()!;
        Assert.Equal($"/api/v1/avatars/{slot.UploadId}", avatar);
        var profile = await (await app.Client.GetAsync($"/api/v1/users/{user.Username}", (string?)null)).ReadJsonAsync();
        Assert.Equal(avatar, profile.GetProperty("avatar").GetString());

        var redirect = await _noRedirects.GetAsync(avatar); // a guest: profile photos are public like profile headers
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.True(redirect.Headers.CacheControl is { Private: true, MaxAge: { } maxAge } && maxAge > TimeSpan.Zero && maxAge <= TimeSpan.FromMinutes(1),
            $"Cache-Control: {redirect.Headers.CacheControl}");
        var photo = await app.Client.GetAsync(redirect.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal("used", await _media.StatusInDatabaseAsync(slot.UploadId));
    }

    [Fact]
    public async Task A_new_photo_retires_the_old_url_and_releases_the_old_upload()
    {
        var user = await _media.NewUserAsync();
        var first = (await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        var second = (await _media.UploadedAsync(user, "avatar", "image/webp", MediaSamples.WebP())).Slot;
        await (await SetAsync(user, first.UploadId)).ReadJsonAsync();
        await (await SetAsync(user, second.UploadId)).ReadJsonAsync();

        await (await _noRedirects.GetAsync($"/api/v1/avatars/{first.UploadId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Found, (await _noRedirects.GetAsync($"/api/v1/avatars/{second.UploadId}")).StatusCode);
        Assert.Equal((true, false), (await ReleasedAsync(first.UploadId), await ReleasedAsync(second.UploadId)));
    }

    [Fact]
    public async Task Removing_the_photo_clears_it_everywhere_and_can_be_repeated()
    {
        var user = await _media.NewUserAsync();
        var slot = (await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        await (await SetAsync(user, slot.UploadId)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/avatar", token: user.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/avatar", token: user.Token)).StatusCode);

        var me = await (await app.Client.GetAsync("/api/v1/users/me", user.Token)).ReadJsonAsync();
        Assert.False(me.TryGetProperty("avatar", out var avatar) && avatar.ValueKind != System.Text.Json.JsonValueKind.Null, $"avatar still set: {me}");
        await (await _noRedirects.GetAsync($"/api/v1/avatars/{slot.UploadId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await ReleasedAsync(slot.UploadId));
    }

    [Fact]
    public async Task The_photo_is_hidden_from_accounts_blocked_either_way_and_with_a_deleted_account()
    {
        var (owner, blocked, blocker) = (await _media.NewUserAsync(), await _media.NewUserAsync(), await _media.NewUserAsync());
        var slot = (await _media.UploadedAsync(owner, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        await (await SetAsync(owner, slot.UploadId)).ReadJsonAsync();
        await ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@owner, @blocked), (@blocker, @owner)",
            new { owner = owner.Id, blocked = blocked.Id, blocker = blocker.Id });
        var url = $"/api/v1/avatars/{slot.UploadId}";

        foreach (var viewer in new[] { blocked, blocker })
            await (await SendAsync(url, viewer.Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Found, (await SendAsync(url, owner.Token)).StatusCode);

        await ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = owner.Id });
        await (await SendAsync(url, null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_callers_own_unused_valid_avatar_upload_is_accepted_and_a_refusal_changes_nothing()
    {
        var (user, other) = (await _media.NewUserAsync(), await _media.NewUserAsync());
        var current = (await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        await (await SetAsync(user, current.UploadId)).ReadJsonAsync();
        var othersUpload = (await _media.UploadedAsync(other, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        var postUpload = (await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg())).Slot;
        var notAnImage = (await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Script())).Slot;
        var notUploaded = await _media.CreateSlotAsync(user, "avatar", "image/png", 2048);

        await (await SetAsync(user, othersUpload.UploadId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync(user, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync(user, postUpload.UploadId)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await SetAsync(user, current.UploadId)).AssertProblemAsync(HttpStatusCode.Conflict); // used once already
        await (await SetAsync(user, notUploaded.UploadId)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await SetAsync(user, notAnImage.UploadId)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("rejected", await _media.StatusInDatabaseAsync(notAnImage.UploadId));
        Assert.False(await _media.ObjectExistsAsync(user, notAnImage.UploadId, "avatar"));

        foreach (var body in new[] { "{}", """{"uploadId":null}""", """{"uploadId":"not-a-uuid"}""", """{"uploadId":12}""", "[]", "{" })
            Assert.Equal(HttpStatusCode.BadRequest,
                (await app.Client.SendRawAsync(HttpMethod.Put, "/api/v1/users/me/avatar", body, token: user.Token)).StatusCode);
        await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/avatar", new { uploadId = current.UploadId })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var me = await (await app.Client.GetAsync("/api/v1/users/me", user.Token)).ReadJsonAsync();
        Assert.Equal($"/api/v1/avatars/{current.UploadId}", me.GetProperty("avatar").GetString());
        Assert.False(await ReleasedAsync(current.UploadId));
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(othersUpload.UploadId));
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(postUpload.UploadId));
    }

    [Fact]
    public async Task Two_photos_set_at_once_leave_one_current_and_the_other_released()
    {
        var user = await _media.NewUserAsync();
        var slots = new List<Slot>();
        for (var i = 0; i < 2; i++) slots.Add((await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot);

        var answers = await Task.WhenAll(slots.Select(s => SetAsync(user, s.UploadId)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var current = await ScalarAsync<Guid>("SELECT avatar_upload_id FROM users WHERE id = @id", new { id = user.Id });
        var other = slots.Single(s => s.UploadId != current).UploadId;
        Assert.Equal((false, true), (await ReleasedAsync(current), await ReleasedAsync(other)));
    }

    [Fact]
    public async Task Purging_an_account_with_a_photo_removes_the_account_and_its_uploads()
    {
        var user = await _media.NewUserAsync();
        var slot = (await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot;
        await (await SetAsync(user, slot.UploadId)).ReadJsonAsync();

        await ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = user.Id });

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM uploads WHERE user_id = @id", new { id = user.Id }));
    }

    private Task<HttpResponseMessage> SetAsync(TestUser user, Guid uploadId) =>
        app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/avatar", new { uploadId }, user.Token);

    private Task<HttpResponseMessage> SendAsync(string url, string? token) => _noRedirects.GetAsync(url, token);

    private Task<bool> ReleasedAsync(Guid uploadId) =>
        ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @uploadId", new { uploadId });

    private async Task ExecuteAsync(string sql, object args)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("No value.");
    }
}
