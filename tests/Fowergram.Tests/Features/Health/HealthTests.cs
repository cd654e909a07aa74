using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Health;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(FowergramApp app)
{
    [Fact]
    public async Task Health_reports_healthy_with_the_schema_version()
    {
        var response = await app.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("schemaVersion").GetInt32() >= 2);
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_404()
    {
        var response = await app.Client.GetAsync("/api/v1/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_a_problem_405()
    {
        var response = await app.Client.DeleteAsync("/api/health");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
