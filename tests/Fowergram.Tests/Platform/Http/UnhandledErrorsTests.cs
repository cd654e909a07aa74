using System.Text.Json;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Platform.Http;

/// <summary>The shared answer to an uncaught exception (both hosts): which database failures a client may retry.</summary>
public sealed class UnhandledErrorsTests
{
    public static TheoryData<string> TransientStates() => new()
    {
        PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.CannotConnectNow, PostgresErrorCodes.LockNotAvailable,
    };

    [Theory]
    [MemberData(nameof(TransientStates))]
    public async Task A_transient_database_failure_is_a_503_the_client_may_retry(string sqlState)
    {
        var (status, headers, problem) = await ExecuteAsync(new PostgresException("aborted", "ERROR", "ERROR", sqlState));
        Assert.Equal(503, status);
        Assert.Equal("2", headers["Retry-After"].ToString());
        Assert.Contains("trace-1", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_exhausted_pool_or_a_dropped_connection_is_a_503()
    {
        var (status, headers, _) = await ExecuteAsync(new NpgsqlException("The connection pool has been exhausted", new TimeoutException()));
        Assert.Equal(503, status);
        Assert.True(headers.ContainsKey("Retry-After"));
        Assert.Equal(503, (await ExecuteAsync(new NpgsqlException("Exception while reading from stream", new IOException("reset")))).Status);
    }

    [Fact]
    public async Task A_bug_stays_a_500_that_says_nothing_of_the_error()
    {
        foreach (var error in new Exception[] { new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation),
                     new InvalidOperationException("secret detail") })
        {
            var (status, headers, problem) = await ExecuteAsync(error);
            Assert.Equal(500, status);
            Assert.False(headers.ContainsKey("Retry-After"));
            Assert.DoesNotContain("secret", problem.GetRawText());
            Assert.DoesNotContain("duplicate", problem.GetRawText());
        }
    }

    private static async Task<(int Status, IHeaderDictionary Headers, JsonElement Problem)> ExecuteAsync(Exception error)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        var body = new MemoryStream();
        context.Response.Body = body;
        await UnhandledErrors.ProblemFor(error, "trace-1").ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.Headers, JsonDocument.Parse(body.ToArray()).RootElement);
    }
}
