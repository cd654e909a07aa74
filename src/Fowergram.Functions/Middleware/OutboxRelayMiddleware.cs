using Fowergram.Platform.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// The prompt half of outbox publishing in Azure (the Server host LISTENs for commits instead): after
/// an HTTP function that may have written (any method but GET, HEAD, OPTIONS), relay one batch of
/// unpublished events before the response goes out, so consumers see a write within moments. One
/// batch bounds what a request waits for; a failure is logged, never turned into an error for a
/// write that already committed; <see cref="Triggers.OutboxSweepFunction"/> publishes whatever is left.
/// </summary>
public sealed class OutboxRelayMiddleware(ILogger<OutboxRelayMiddleware> logger) : IFunctionsWorkerMiddleware
{
    private static readonly TimeSpan RelayTimeout = TimeSpan.FromSeconds(10);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        finally
        {
            // Also after a failure: the function may have committed before it threw.
            if (ShouldRelay(context.GetHttpContext()?.Request.Method)) await RelayAsync(context.InstanceServices);
        }
    }

    /// <summary>Only requests that can write; non-HTTP invocations (null) are left to the sweep.</summary>
    public static bool ShouldRelay(string? httpMethod) =>
        httpMethod is not null && !HttpMethods.IsGet(httpMethod) && !HttpMethods.IsHead(httpMethod) && !HttpMethods.IsOptions(httpMethod);

    private async Task RelayAsync(IServiceProvider services)
    {
        // Not the request's token: a client that hangs up after its write still gets its events published.
        using var timeout = new CancellationTokenSource(RelayTimeout);
        try
        {
            var published = await services.GetRequiredService<OutboxRelay>().RelayOnceAsync(timeout.Token);
            if (published > 0) logger.LogDebug("Relayed {Count} outbox events after the request", published);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Relaying the outbox after a request failed; the outbox sweep will publish the events");
        }
    }
}
