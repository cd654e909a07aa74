using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// Gives an HTTP function that throws the same problem+json answer as the Server host's exception
/// handler, instead of the bare 500 the Functions host sends. The result replaces the function's
/// return value, and the ASP.NET Core integration writes it like any other IResult.
/// </summary>
public sealed class UnhandledErrorMiddleware(ILogger<UnhandledErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        // Non-HTTP invocations rethrow (Service Bus redelivers, timers retry); a client that hung up needs no answer.
        catch (Exception ex) when (context.GetHttpContext() is { RequestAborted.IsCancellationRequested: false } http)
        {
            logger.LogError(ex, "Unhandled error answering {Method} {Path} (trace id {TraceId})",
                http.Request.Method, http.Request.Path, http.TraceIdentifier);
            context.GetInvocationResult().Value = ProblemFor(ex, http.TraceIdentifier);
        }
    }

    /// <summary>The Server host's answer to the same error (<see cref="UnhandledErrors"/>).</summary>
    public static IResult ProblemFor(Exception error, string traceId) => UnhandledErrors.ProblemFor(error, traceId);
}
