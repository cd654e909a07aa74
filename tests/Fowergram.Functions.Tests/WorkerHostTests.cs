using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The host Program.cs runs, built by the real Functions worker (FunctionsApplication, the ASP.NET Core
/// integration) with the app's settings — never started, since only Core Tools or Azure can drive it. Every
/// function class and middleware must come out of the worker's container, as the worker asks for them on
/// each invocation.
/// </summary>
public sealed class WorkerHostTests
{
    private static Microsoft.Extensions.Hosting.IHost BuildHost() =>
        FowergramFunctionsApp.Build([], builder => builder.Configuration.AddInMemoryCollection(FunctionsHost.Settings));

    [Fact]
    public void The_worker_builds_the_host_and_provides_every_function_class_and_middleware()
    {
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();

        var functionClasses = FunctionCatalog.All.Select(f => f.Method.DeclaringType!).Distinct().ToList();
        Assert.NotEmpty(functionClasses);
        foreach (var type in functionClasses)
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)); // as the worker's default activator does
        foreach (var middleware in FunctionsHost.Middlewares)
            Assert.IsAssignableFrom<IFunctionsWorkerMiddleware>(scope.ServiceProvider.GetRequiredService(middleware));
    }

    [Fact]
    public void Without_a_telemetry_setting_the_worker_registers_no_OpenTelemetry_at_all()
    {
        using var host = BuildHost();
        TelemetryRegistration.AssertExporters(host.Services, new TelemetryExporters(AzureMonitor: false, Otlp: false));
    }

    [Fact]
    public void With_the_application_insights_connection_string_the_worker_exports_traces_and_metrics_to_azure_monitor()
    {
        // Only registered, never resolved: resolving would start the exporter, which has nowhere to send from here.
        using var host = FowergramFunctionsApp.Build([], builder => builder.Configuration.AddInMemoryCollection(FunctionsHost.Settings.Append(
            new(TelemetryExporters.AzureMonitorSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1/"))));
        TelemetryRegistration.AssertExporters(host.Services, new TelemetryExporters(AzureMonitor: true, Otlp: false));
    }

    [Fact]
    public void Without_smtp_settings_the_host_refuses_to_build_and_names_them()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FowergramFunctionsApp.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(FunctionsHost.Settings.Where(s => s.Key != "Email:Smtp:Host"))));
        Assert.Contains("Email__Smtp__Host", error.Message);
    }
}
