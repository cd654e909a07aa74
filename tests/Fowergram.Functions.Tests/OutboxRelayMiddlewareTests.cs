using Fowergram.Functions.Middleware;
using Xunit;

namespace Fowergram.Functions.Tests;

public sealed class OutboxRelayMiddlewareTests
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
}
