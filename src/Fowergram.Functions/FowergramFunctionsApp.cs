using Fowergram.Functions.Middleware;
using Fowergram.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

namespace Fowergram.Functions;

/// <summary>
/// The Azure twin of Fowergram.Server's <c>FowergramServer.Build</c>: the same AddFowergram, plus the Azure
/// adapters where the Server host registers its in-process stand-ins. Program.cs runs what this builds;
/// tests build it too, with the real worker's own registrations, without starting it.
/// </summary>
public static class FowergramFunctionsApp
{
    public static IHost Build(string[] args, Action<FunctionsApplicationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.ConfigureFunctionsWebApplication();
        // Registered after the ASP.NET Core integration, so both run inside it: after a function returns and
        // before its IResult is written. The relay wraps the error handler, so it also runs after a failure.
        builder.UseMiddleware<RequestHeadLimitsMiddleware>(); // outermost: a head over the limits runs nothing
        builder.UseMiddleware<OutboxRelayMiddleware>();
        builder.UseMiddleware<PresenceFlushMiddleware>();
        builder.UseMiddleware<UnhandledErrorMiddleware>();
        // Innermost, right before the function: the caller's token is judged against a list at most an interval old.
        builder.UseMiddleware<EndedSessionsMiddleware>();

        builder.Services.AddFowergram(builder.Configuration);
        builder.Services.AddFowergramFunctionsHost(builder.Configuration);
        // The worker's own defaults (the Functions resource: site name, region; no duplicate spans with the host, which
        // host.json's telemetryMode "OpenTelemetry" puts on OpenTelemetry too) on top of what both hosts export.
        builder.Services.AddFowergramTelemetry(builder.Configuration, otel => otel.UseFunctionsWorkerDefaults());
        return builder.Build();
    }
}
