using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Media;

public sealed record TestUser(Guid Id, string Username, string Token);

public sealed record Slot(Guid UploadId, Uri UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>Drives the upload flow against one <see cref="FowergramApp"/> the way a client would.</summary>
public sealed class MediaClient(FowergramApp app)
{
    public IMediaStore Store => app.Services.GetRequiredService<IMediaStore>();
    public MediaUploads Uploads => app.Services.GetRequiredService<MediaUploads>();
    public NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();
    private AccessTokens Tokens => app.Services.GetRequiredService<AccessTokens>();

    /// <summary>
    /// A user row and a token issued for it. Not through /auth/register: registering queues a
    /// verification mail, and dozens of those would only slow the suite's shared event pipeline.
    /// </summary>
    public async Task<TestUser> NewUserAsync()
    {
        var id = Guid.CreateVersion7();
        var username = TestAccounts.NewUsername("m");
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO users (id, email, username, hashed_password) VALUES (@id, @email, @username, 'x')",
                new { id, email = username + "@example.com", username });
        return new TestUser(id, username, Tokens.Issue(id, username).Token);
    }

    /// <summary>The same user with a token valid at the host's current (possibly moved) clock.</summary>
    public TestUser WithFreshToken(TestUser user) => user with { Token = Tokens.Issue(user.Id, user.Username).Token };

    public Task<HttpResponseMessage> RequestSlotAsync(TestUser? user, object body) =>
        SendAsync(HttpMethod.Post, "/api/v1/media/uploads", user, JsonContent.Create(body));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return app.Client.SendAsync(request);
    }

    public async Task<Slot> CreateSlotAsync(TestUser user, string purpose, string contentType, long size)
    {
        var response = await RequestSlotAsync(user, new { purpose, contentType, size });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        var json = JsonDocument.Parse(text).RootElement;
        var headers = json.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new Slot(json.GetProperty("uploadId").GetGuid(), new Uri(json.GetProperty("uploadUrl").GetString()!),
            json.GetProperty("method").GetString()!, headers, json.GetProperty("expiresAt").GetDateTimeOffset());
    }

    /// <summary>PUTs the bytes to the slot's URL with exactly the headers it named.</summary>
    public Task<HttpResponseMessage> UploadAsync(Slot slot, byte[] bytes, Uri? url = null) =>
        UploadAsync(url ?? slot.UploadUrl, slot.Method, slot.Headers, bytes);

    public Task<HttpResponseMessage> UploadAsync(Uri url, string method, IReadOnlyDictionary<string, string> headers, byte[] bytes)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in headers)
            if (!request.Content.Headers.TryAddWithoutValidation(name, value)) request.Headers.TryAddWithoutValidation(name, value);
        return app.Client.SendAsync(request);
    }

    public async Task<(Slot Slot, byte[] Bytes)> UploadedAsync(TestUser user, string purpose, string contentType, byte[] bytes)
    {
        var slot = await CreateSlotAsync(user, purpose, contentType, bytes.Length);
        var put = await UploadAsync(slot, bytes);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return (slot, bytes);
    }

    public Task<UploadClaim> ClaimAsync(TestUser user, Guid uploadId, MediaPurpose purpose = MediaPurpose.Post) =>
        Uploads.ClaimAsync(user.Id, uploadId, purpose, CancellationToken.None);

    public async Task<string> StatusInDatabaseAsync(Guid uploadId)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT status FROM uploads WHERE id = @uploadId", new { uploadId }) ?? "missing";
    }

    /// <summary>The object's bytes as its signed read URL serves them.</summary>
    public async Task<byte[]> ServedAsync(string objectName, string contentType)
    {
        var read = await Uploads.CreateReadUrlAsync(objectName, contentType, CancellationToken.None);
        return await (await app.Client.GetAsync(read.Url)).Content.ReadAsByteArrayAsync();
    }

    public async Task<bool> ObjectExistsAsync(TestUser user, Guid uploadId, string purpose = "post") =>
        await Store.InspectAsync($"{purpose}/{user.Id:D}/{uploadId:D}", 1, CancellationToken.None) is not null;

}
