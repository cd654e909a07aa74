using Fowergram.Platform.Auth;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// Reads the list of ended sessions again before a function runs once it is <c>Auth:SessionCheckInterval</c> old
/// (<see cref="EndedSessions"/>), so an access token of a session ended on any instance is refused here within that
/// interval — also by an instance that slept through the ending. The Server host awaits the same call in its pipeline.
/// Fresh, it costs a clock read; stale, every invocation waits for one shared query.
/// </summary>
public sealed class EndedSessionsMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        await context.InstanceServices.GetRequiredService<EndedSessions>().RefreshIfStaleAsync();
        await next(context);
    }
}
