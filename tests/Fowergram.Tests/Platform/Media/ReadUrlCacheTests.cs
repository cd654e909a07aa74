using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Media;

/// <summary>
/// The cache in front of read-URL signing. The store here only records what it was asked to sign: the
/// cache's contract is about when it signs and what it hands out, not about the signature itself
/// (the real stores' URLs are covered by the media-store contract and the upload flow tests).
/// </summary>
public sealed class ReadUrlCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingStore _store = new();
    private readonly ReadUrlCache _cache;

    public ReadUrlCacheTests() =>
        _cache = new ReadUrlCache(_store, _clock, Options.Create(new MediaOptions { ReadUrlLifetime = Lifetime }));

    [Fact]
    public async Task The_same_object_gets_the_same_url_while_more_than_half_its_lifetime_is_left()
    {
        var first = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);
        _clock.Advance(Lifetime / 2 - TimeSpan.FromSeconds(1));
        var second = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);

        Assert.Equal(first, second);
        Assert.Single(_store.Signed);
        Assert.Equal(_clock.GetUtcNow() - (Lifetime / 2 - TimeSpan.FromSeconds(1)) + Lifetime, first.ExpiresAt);
    }

    [Fact]
    public async Task A_url_with_half_its_lifetime_gone_is_replaced_by_a_new_full_length_one()
    {
        var first = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);
        _clock.Advance(Lifetime / 2 + TimeSpan.FromSeconds(1));
        var second = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);

        Assert.NotEqual(first.Url, second.Url);
        Assert.Equal(_clock.GetUtcNow() + Lifetime, second.ExpiresAt);
        Assert.Equal(2, _store.Signed.Count);
    }

    [Fact]
    public async Task Every_url_handed_out_has_at_least_half_its_lifetime_left()
    {
        for (var step = 0; step < 40; step++)
        {
            var url = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);
            Assert.InRange(url.ExpiresAt - _clock.GetUtcNow(), Lifetime / 2, Lifetime);
            _clock.Advance(TimeSpan.FromSeconds(37));
        }
    }

    [Fact]
    public async Task Objects_and_content_types_are_signed_apart()
    {
        var a = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);
        var b = await _cache.GetAsync("p/b.jpg", "image/jpeg", default);
        var c = await _cache.GetAsync("p/a.jpg", "image/png", default);

        Assert.Equal(3, new[] { a.Url, b.Url, c.Url }.Distinct().Count());
        Assert.Equal(["p/a.jpg image/jpeg", "p/b.jpg image/jpeg", "p/a.jpg image/png"], _store.Signed.Select(s => $"{s.Object} {s.Type}"));
    }

    [Fact]
    public async Task A_shorter_lifetime_setting_is_never_exceeded_by_urls_signed_under_a_longer_one()
    {
        var options = new MediaOptions { ReadUrlLifetime = Lifetime };
        var cache = new ReadUrlCache(_store, _clock, Options.Create(options));
        await cache.GetAsync("p/a.jpg", "image/jpeg", default);
        options.ReadUrlLifetime = TimeSpan.FromMinutes(2);

        var url = await cache.GetAsync("p/a.jpg", "image/jpeg", default);

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(2), url.ExpiresAt);
    }

    [Fact]
    public async Task The_cache_stays_bounded_and_drops_stale_entries_first()
    {
        await _cache.GetAsync("p/old.jpg", "image/jpeg", default);
        _clock.Advance(Lifetime);
        for (var i = 0; i < ReadUrlCache.MaxEntries; i++) await _cache.GetAsync($"p/{i}.jpg", "image/jpeg", default);

        Assert.Equal(ReadUrlCache.MaxEntries, _cache.Count); // the stale one went, the fresh ones stayed

        await _cache.GetAsync("p/one-more.jpg", "image/jpeg", default);
        Assert.True(_cache.Count <= ReadUrlCache.MaxEntries);
    }

    [Fact]
    public async Task Concurrent_readers_of_one_object_all_get_a_valid_url()
    {
        var urls = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _cache.GetAsync("p/a.jpg", "image/jpeg", default).AsTask())));

        Assert.All(urls, u => Assert.Equal(_clock.GetUtcNow() + Lifetime, u.ExpiresAt));
        var again = await _cache.GetAsync("p/a.jpg", "image/jpeg", default);
        Assert.Contains(again, urls);
    }

    private sealed class RecordingStore : IMediaStore
    {
        public List<(string Object, string Type, DateTimeOffset ExpiresAt)> Signed { get; } = [];

        public Task<Uri> CreateReadUrlAsync(string objectName, string contentType, DateTimeOffset expiresAt, CancellationToken ct)
        {
            lock (Signed)
            {
                Signed.Add((objectName, contentType, expiresAt));
                return Task.FromResult(new Uri($"https://media.example/{objectName}?type={contentType}&se={expiresAt.ToUnixTimeSeconds()}&n={Signed.Count}"));
            }
        }

        public Task<UploadTarget> CreateUploadTargetAsync(UploadTargetRequest request, CancellationToken ct) => throw new NotSupportedException();
        public Task<StoredObject?> InspectAsync(string objectName, int headLength, CancellationToken ct) => throw new NotSupportedException();
        public Task DeleteAsync(string objectName, CancellationToken ct) => throw new NotSupportedException();
        public Task<byte[]?> ReadAllAsync(string objectName, CancellationToken ct) => throw new NotSupportedException();
        public Task<byte[]?> ReadRangeAsync(string objectName, long offset, int length, CancellationToken ct) => throw new NotSupportedException();
        public Task ReplaceAsync(string objectName, byte[] content, string contentType, CancellationToken ct) => throw new NotSupportedException();
        public Task OverwriteAsync(string objectName, IReadOnlyList<BytePatch> patches, CancellationToken ct) => throw new NotSupportedException();
    }
}
