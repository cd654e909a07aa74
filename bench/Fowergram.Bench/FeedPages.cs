using Fowergram.Features.Feed;
using Fowergram.Platform.Http;

namespace Fowergram.Bench;

/// <summary>The benchmark reads the feeds of live accounts only: a gone reader (no page at all) is a broken dataset, said so.</summary>
internal static class FeedPages
{
    public static async Task<IReadOnlyList<FeedPost>> PageOfAsync(this FeedReader feed, Guid reader, PageRequest page) =>
        await feed.ReadAsync(reader, page, default)
        ?? throw new InvalidOperationException($"Reader {reader} is deleted or deactivated: the benchmark reads live accounts' feeds.");
}
