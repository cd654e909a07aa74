using Azure.Storage.Blobs;
using Fowergram.Functions.Azure;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The Functions host's <see cref="BlobMediaStore"/> passes the same contract as the local store, against
/// Azurite's Blob service with the real Azure.Storage.Blobs package: the SAS it signs (account key, as with
/// <c>UseDevelopmentStorage=true</c>) is what Azurite checks on every PUT and GET.
/// <para>
/// Azurite judges expiry by the real clock, which no test can move. So the store's clock starts
/// <see cref="Lag"/> behind it and <see cref="Advance"/> moves the store's clock forward: a URL the contract
/// makes to expire within <see cref="Lag"/> of the store's "now" has already expired in Azurite's eyes when
/// the contract asks, and one made for longer is still good, as the contract expects of both.
/// </para>
/// </summary>
public sealed class BlobMediaStoreContractTests : MediaStoreContract, IDisposable
{
    /// <summary>Longer than the contract's shortest-lived URLs (2 and 3 minutes), shorter than the rest (5 and 10).</summary>
    private static readonly TimeSpan Lag = TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(30);

    private readonly TestClock _clock = new(DateTimeOffset.UtcNow - Lag);
    private readonly BlobMediaStore _store;

    public BlobMediaStoreContractTests()
    {
        var options = new MediaOptions { ConnectionString = Azurite.ConnectionString };
        Azurite.EnsureContainer(options.Container);
        _store = new BlobMediaStore(Options.Create(options), _clock, NullLogger<BlobMediaStore>.Instance);
    }

    protected override IMediaStore Store => _store;
    protected override HttpClient Http => Azurite.Http;
    protected override DateTimeOffset Now => _clock.GetUtcNow();
    protected override void Advance(TimeSpan by) => _clock.Advance(by);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Urls_are_shared_key_sas_for_one_blob_that_azurite_honours()
    {
        var name = MediaObjectNames.For(MediaPurpose.Post, Guid.NewGuid(), Guid.CreateVersion7());
        var target = await _store.CreateUploadTargetAsync(new UploadTargetRequest(name, "image/png", 10, Now.AddMinutes(10)), default);

        Assert.Equal("PUT", target.Method);
        Assert.Equal("BlockBlob", target.Headers["x-ms-blob-type"]);
        var query = System.Web.HttpUtility.ParseQueryString(target.Url.Query);
        Assert.Equal(("c", "b", "https,http"), (query["sp"], query["sr"], query["spr"])); // HTTP only for Azurite's account
        Assert.EndsWith($"/devstoreaccount1/{new MediaOptions().Container}/{name}", target.Url.AbsolutePath);
    }
}

/// <summary>Azurite as scripts/test.sh starts it (in memory, a fresh account per run).</summary>
internal static class Azurite
{
    public static string ConnectionString => Environment.GetEnvironmentVariable("FOWERGRAM_TEST_BLOBS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("FOWERGRAM_TEST_BLOBS is not set: run the tests with scripts/test.sh, which starts Azurite.");

    public static HttpClient Http { get; } = new();

    private static readonly Lazy<HashSet<string>> Containers = new(() => []);

    public static void EnsureContainer(string name)
    {
        lock (Containers)
            if (Containers.Value.Add(name)) new BlobServiceClient(ConnectionString).GetBlobContainerClient(name).CreateIfNotExists();
    }
}
