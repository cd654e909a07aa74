using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Telemetry;
using Fowergram.Server.Media;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Fowergram.Server;

/// <summary>Builds the Kestrel host: the shared route table plus the background services that stand in for Azure's triggers.</summary>
public static class FowergramServer
{
    public const string DefaultUrl = "http://localhost:7071";
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            // A notch above the application's limits (RequestHeadLimits): a head between the two is answered as problem+json;
            // only past these does Kestrel answer itself, bare, before any middleware (docs/reliability.md "Request heads").
            k.Limits.MaxRequestLineSize = RequestHeadLimits.HardRequestLineBytes;
            k.Limits.MaxRequestHeadersTotalSize = RequestHeadLimits.HardHeaderBytes;
            k.Limits.MaxRequestHeaderCount = RequestHeadLimits.HardHeaderCount;
        });
        DevelopmentSecrets.Apply(builder);
        configure?.Invoke(builder);

        builder.Services.AddFowergram(builder.Configuration);
        builder.Services.AddFowergramServerHost(builder.Configuration, builder.Environment);
        builder.Services.AddFowergramTelemetry(builder.Configuration);
        builder.Services.AddProblemDetails();
        // Which address a request comes from (the limits per address): X-Forwarded-For only from the configured proxies.
        builder.Services.Configure<ForwardedHeadersOptions>(o => ClientAddresses.TrustConfiguredProxies(o, builder.Configuration));
        builder.Services.Configure<JsonOptions>(o => CopyJson(o.SerializerOptions));

        var app = builder.Build();
        app.UseForwardedHeaders(); // first, so everything after it sees the client's address
        app.UseExceptionHandler(errors => errors.Run(WriteUnhandled));
        app.Use(async (context, next) => // a head over the application's limits goes no further (Functions: its middleware)
        {
            if (RequestHeadLimits.Check(context) is { } refused) await refused.ExecuteAsync(context);
            else await next(context);
        });
        app.UseStatusCodePages(); // 404 for unknown routes, 405 for wrong methods: problem+json through AddProblemDetails
        // Before any route reads its caller: tokens of sessions ended lately are refused (EndedSessions; Functions: its middleware).
        var endedSessions = app.Services.GetRequiredService<EndedSessions>();
        app.Use(async (context, next) =>
        {
            await endedSessions.RefreshIfStaleAsync();
            await next(context);
        });
        app.MapFowergramApi();
        app.MapLocalMedia(); // Blob Storage's part, Server only: outside the /api route table by design
        return app;
    }

    private static async Task WriteUnhandled(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error ?? new InvalidOperationException("No error was recorded.");
        await UnhandledErrors.ProblemFor(error, context.TraceIdentifier).ExecuteAsync(context);
    }

    private static void CopyJson(System.Text.Json.JsonSerializerOptions target)
    {
        target.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
        target.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
        foreach (var converter in ApiJson.Options.Converters) target.Converters.Add(converter);
    }
}
