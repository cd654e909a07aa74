using Fowergram.Platform.Auth;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// Answers a write whose token names a deleted or deactivated account with 401 instead of running the function
/// (<see cref="GoneCallerGate"/>); the Server host runs the same gate in its pipeline. Non-HTTP invocations pass.
/// </summary>
public sealed class GoneCallerMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && await context.InstanceServices.GetRequiredService<GoneCallerGate>().RefusalAsync(http.Request, http.RequestAborted) is { } refused)
        {
            context.GetInvocationResult().Value = refused;
            return;
        }
        await next(context);
    }
}
