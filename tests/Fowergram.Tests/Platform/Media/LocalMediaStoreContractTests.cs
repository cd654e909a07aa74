using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Media;

/// <summary>The Server host's local store, through its own host (these tests move the clock).</summary>
public sealed class LocalMediaStoreContractTests(FowergramApp app) : MediaStoreContract, IClassFixture<FowergramApp>
{
    protected override IMediaStore Store => app.Services.GetRequiredService<IMediaStore>();
    protected override HttpClient Http => app.Client;
    protected override DateTimeOffset Now => app.Clock.GetUtcNow();
    protected override void Advance(TimeSpan by) => app.Clock.Advance(by);

    [Fact]
    public void The_server_host_stores_media_locally() =>
        Assert.Equal("LocalMediaStore", Store.GetType().Name);
}
