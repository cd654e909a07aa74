using Fowergram.Platform.Presence;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Functions.Middleware;

/// <summary>
/// Writes the activity noted during the request (<see cref="PresenceMarks"/>: at most one mark per account a minute) once
/// the function has run. The Server host uses a timer (PresenceFlushService); an instance of a consumption plan may sleep
/// between invocations, so here the request that left a mark writes it. Nothing is written for most requests: the marks
/// are throttled, and a failed write is logged and dropped by <see cref="PresenceWriter"/>.
/// </summary>
public sealed class PresenceFlushMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        await next(context);
        var marks = context.InstanceServices.GetRequiredService<PresenceMarks>();
        if (!marks.HasPending) return;
        // Not the request's token: a client that hangs up still had its activity noted.
        using var timeout = new CancellationTokenSource(WriteTimeout);
        await context.InstanceServices.GetRequiredService<PresenceWriter>().FlushAsync(timeout.Token);
    }
}
