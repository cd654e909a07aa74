using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>A class fixture host whose clock the class's tests move (<see cref="TestApps.WithOwnClock"/>).</summary>
public sealed class OwnClockApp : IAsyncLifetime
{
    public FowergramApp App { get; } = TestApps.WithOwnClock();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}
