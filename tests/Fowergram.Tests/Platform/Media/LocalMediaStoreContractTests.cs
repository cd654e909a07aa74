using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Media;

/// <summary>The Server host's local store, through its own host (these tests move the clock).</summary>
public sealed class LocalMediaStoreContractTests(OwnClockApp host) : MediaStoreContract, IClassFixture<OwnClockApp>
{
    private readonly FowergramApp _app = host.App;

    protected override IMediaStore Store => _app.Services.GetRequiredService<IMediaStore>();
    protected override HttpClient Http => _app.Client;
    protected override DateTimeOffset Now => _app.Clock.GetUtcNow();
    protected override void Advance(TimeSpan by) => _app.Clock.Advance(by);

    [Fact]
    public void The_server_host_stores_media_locally() =>
        Assert.Equal("LocalMediaStore", Store.GetType().Name);
}
