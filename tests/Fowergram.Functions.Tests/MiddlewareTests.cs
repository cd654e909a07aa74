using System.Text.Json;
using Fowergram.Functions.Middleware;
using Fowergram.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

public sealed class MiddlewareTests
{
    [Theory]
    [InlineData("POST")]
    [InlineData("put")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public void Requests_that_can_write_relay_the_outbox_promptly(string method) =>
        Assert.True(OutboxRelayMiddleware.ShouldRelay(method));

    [Theory]
    [InlineData("GET")]
    [InlineData("head")]
    [InlineData("OPTIONS")]
    [InlineData(null)] // not an HTTP invocation: the sweep covers consumers and jobs
    public void Reads_and_non_http_invocations_leave_the_outbox_to_the_sweep(string? method) =>
        Assert.False(OutboxRelayMiddleware.ShouldRelay(method));

    [Fact]
    public void Program_registers_every_worker_middleware()
    {
        var program = File.ReadAllText(Path.Combine(RepoFiles.Root, "src/Fowergram.Functions/FowergramFunctionsApp.cs"));
        Assert.NotEmpty(FunctionsHost.Middlewares);
        Assert.All(FunctionsHost.Middlewares, m => Assert.Contains($"builder.UseMiddleware<{m.Name}>();", program));
    }

    [Fact]
    public async Task An_unhandled_error_becomes_a_500_problem_with_the_trace_id()
    {
        var (status, contentType, problem) = await ExecuteAsync(UnhandledErrorMiddleware.ProblemFor(new InvalidOperationException("secret detail"), "trace-123"));
        Assert.Equal(500, status);
        Assert.StartsWith("application/problem+json", contentType);
        Assert.Contains("trace-123", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("secret detail", problem.GetRawText());
    }

    [Fact]
    public async Task A_request_the_server_refused_keeps_its_status()
    {
        var (status, _, problem) = await ExecuteAsync(UnhandledErrorMiddleware.ProblemFor(
            new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge), "t"));
        Assert.Equal(413, status);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_nul_character_postgresql_refused_is_the_clients_400_in_this_host_too()
    {
        var refused = new Npgsql.PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR",
            Npgsql.PostgresErrorCodes.CharacterNotInRepertoire);
        var (status, contentType, problem) = await ExecuteAsync(UnhandledErrorMiddleware.ProblemFor(refused, "t"));
        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType);
        Assert.Contains("NUL", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_deadlock_or_a_lost_connection_is_a_503_to_retry_in_this_host_too()
    {
        var deadlock = new Npgsql.PostgresException("deadlock detected", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.DeadlockDetected);
        var (status, contentType, problem) = await ExecuteAsync(UnhandledErrorMiddleware.ProblemFor(deadlock, "t"));
        Assert.Equal(503, status);
        Assert.StartsWith("application/problem+json", contentType);
        Assert.Contains("send it again", problem.GetProperty("detail").GetString());
        Assert.Equal(503, (await ExecuteAsync(UnhandledErrorMiddleware.ProblemFor(new Npgsql.NpgsqlException("lost", new IOException("reset")), "t"))).Status);
    }

    private static async Task<(int Status, string? ContentType, JsonElement Problem)> ExecuteAsync(IResult result)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType, (await JsonDocument.ParseAsync(context.Response.Body)).RootElement);
    }
}
