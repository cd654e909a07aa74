using Fowergram.Platform.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace Fowergram.Tests.Infrastructure;

/// <summary>What a built host registered for OpenTelemetry, without resolving (and so starting) any of it. Linked into the Functions tests.</summary>
public static class TelemetryRegistration
{
    /// <summary>The exporters the settings chose, and the SDK's providers registered exactly when there is one.</summary>
    public static void AssertExporters(IServiceProvider services, TelemetryExporters expected)
    {
        var registered = services.GetRequiredService<IServiceProviderIsService>();
        Assert.Equal(expected, services.GetRequiredService<TelemetryExporters>());
        Assert.Equal(expected.Any, registered.IsService(typeof(TracerProvider)));
        Assert.Equal(expected.Any, registered.IsService(typeof(MeterProvider)));
    }
}
