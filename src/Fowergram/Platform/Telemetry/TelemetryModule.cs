using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fowergram.Platform.Telemetry;

/// <summary>Where telemetry goes: each exporter is on when its standard setting is present (docs/observability.md "Settings").</summary>
public sealed record TelemetryExporters(bool AzureMonitor, bool Otlp)
{
    /// <summary>Application Insights' connection string, as App Service, Functions and the Azure Monitor exporter name it.</summary>
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The OpenTelemetry SDK's standard variable; the OTLP exporter reads the rest (OTEL_EXPORTER_OTLP_PROTOCOL, headers) itself.</summary>
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public bool Any => AzureMonitor || Otlp;

    public static TelemetryExporters From(IConfiguration configuration) => new(
        !string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]),
        !string.IsNullOrWhiteSpace(configuration[OtlpSetting]));
}

public static class TelemetryModule
{
    /// <summary>
    /// OpenTelemetry for a host: Fowergram's and Npgsql's spans and metrics, ASP.NET Core's and HttpClient's, and the runtime's
    /// metrics, exported to Azure Monitor and/or OTLP as configured. With neither setting no SDK is registered at all, so
    /// nothing listens and recording costs nothing (tests, a plain local run). What to collect is declared either way: a
    /// provider added by someone else (a test's in-memory exporter) collects the same. <paramref name="hostDefaults"/> is the
    /// host's own OpenTelemetry setup (the Functions worker's), applied only when the SDK is registered.
    /// </summary>
    public static IServiceCollection AddFowergramTelemetry(this IServiceCollection services, IConfiguration configuration,
        Action<OpenTelemetryBuilder>? hostDefaults = null)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(FowergramTelemetry.Name, NpgsqlName)
            // The health probe is polled by load balancers and the platform: its spans would drown the requests.
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/api/health"))
            .AddHttpClientInstrumentation());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(FowergramTelemetry.Name, NpgsqlName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());

        var exporters = TelemetryExporters.From(configuration);
        services.AddSingleton(exporters);
        if (!exporters.Any) return services;

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) resource.AddService(ServiceName);
            })
            .WithTracing(_ => { })
            .WithMetrics(_ => { });
        hostDefaults?.Invoke(builder);
        if (exporters.AzureMonitor) builder.UseAzureMonitorExporter();
        if (exporters.Otlp) builder.UseOtlpExporter();
        return services;
    }

    /// <summary>service.name unless OTEL_SERVICE_NAME (or a host's resource detector, e.g. the Functions site name) says otherwise.</summary>
    public const string ServiceName = "fowergram";

    /// <summary>Npgsql 10 emits spans and metrics natively under this ActivitySource and Meter name (no Npgsql.OpenTelemetry needed).</summary>
    public const string NpgsqlName = "Npgsql";
}
