using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fowergram.Tests.Infrastructure;

/// <summary>Small HTTP helpers: JSON or raw bodies, optionally with a bearer token.</summary>
public static class ApiRequests
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? token = null) =>
        client.SendJsonAsync(HttpMethod.Post, url, body, token);

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? token) =>
        client.SendJsonAsync(HttpMethod.Get, url, null, token);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        return client.SendWithTokenAsync(request, token);
    }

    /// <summary>Sends <paramref name="content"/> byte for byte, for malformed or oddly typed bodies.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string content,
        string? contentType = "application/json", string? token = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.SendWithTokenAsync(request, token);
    }

    public static Task<HttpResponseMessage> SendWithTokenAsync(this HttpClient client, HttpRequestMessage request, string? token)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
