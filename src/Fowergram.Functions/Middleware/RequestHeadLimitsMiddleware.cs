using Fowergram.Platform.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// The Server host's limits on a request's head (<see cref="RequestHeadLimits"/>), so a request the Functions front end lets
/// through is answered alike on both hosts: 414/431 problem+json, the function not run. The front end itself (the Functions
/// host and App Service before it) refuses what is over its own limits before the worker sees it, with an answer of its own
/// that nothing here can shape; host.json has no setting for those (docs/reliability.md "Request heads").
/// </summary>
public sealed class RequestHeadLimitsMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && RequestHeadLimits.Check(http) is { } refused)
        {
            context.GetInvocationResult().Value = refused;
            return;
        }
        await next(context);
    }
}
