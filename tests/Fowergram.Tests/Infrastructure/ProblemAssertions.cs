using System.Net;
using System.Text.Json;

namespace Fowergram.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 answer with the given status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>.</summary>
    public static async Task AssertValidationErrorAsync(this HttpResponseMessage response, string field)
    {
        var json = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected a validation error for '{field}': {json}");
    }
}
