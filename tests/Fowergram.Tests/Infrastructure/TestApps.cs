using Microsoft.AspNetCore.Builder;

namespace Fowergram.Tests.Infrastructure;

/// <summary>Hosts for tests that need one of their own.</summary>
public static class TestApps
{
    /// <summary>
    /// A host whose clock the test may move. Its background relay and dispatcher are off: with a clock
    /// ahead of everyone else's they would take other hosts' in-flight deliveries as expired. The test
    /// drives the pipeline itself (<see cref="TestMailbox.DeliverAsync"/>) when it needs events delivered.
    /// </summary>
    public static FowergramApp WithOwnClock(Action<WebApplicationBuilder>? configure = null) => new()
    {
        Configure = builder =>
        {
            builder.Configuration["Fowergram:BackgroundServices"] = "false";
            configure?.Invoke(builder);
        },
    };
}
