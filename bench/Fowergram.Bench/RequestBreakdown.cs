using System.Diagnostics;
using System.Text.Json;
using Fowergram.Features.Feed;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Bench;

/// <param name="ReadMs">FeedReader: the prepared queries and row mapping.</param>
/// <param name="SignMs">Signing every media item's read URL (MediaUploads, the host's IMediaStore).</param>
/// <param name="JsonMs">Serialising the page as the API does.</param>
public sealed record BreakdownFigure(double ReadMs, double SignMs, double JsonMs, double UrlsPerPage, long BytesPerPage);

/// <summary>Where one feed request's time goes outside HTTP: the same steps as FeedApi.Get, one reader after another.</summary>
public static class RequestBreakdown
{
    public static async Task<BreakdownFigure> RunAsync(BenchServer server, DatasetInfo info, int readers = 500)
    {
        var reader = server.Services.GetRequiredService<FeedReader>();
        var media = server.Services.GetRequiredService<MediaUploads>();
        var random = new Random(3);
        var ids = Enumerable.Range(0, readers).Select(_ => Dataset.UserId(random.NextInt64(1, info.Users + 1))).ToArray();
        var page = new PageRequest(PageRequest.DefaultLimit, null);
        double read = 0, sign = 0, json = 0;
        long bytes = 0, urls = 0;
        for (var pass = 0; pass < 2; pass++) // the first pass warms up
        {
            (read, sign, json, bytes, urls) = (0, 0, 0, 0, 0);
            foreach (var id in ids)
            {
                var t0 = Stopwatch.GetTimestamp();
                var posts = await reader.PageOfAsync(id, page);
                var t1 = Stopwatch.GetTimestamp();
                var items = new List<FeedItem>();
                foreach (var p in posts.Take(page.Limit))
                {
                    var views = new List<FeedMediaView>();
                    foreach (var m in p.Media.Where(m => m.ContentType is not null))
                    {
                        var url = await media.CreateReadUrlAsync(m.ObjectName, m.ContentType!, default);
                        views.Add(new FeedMediaView(m.Id, m.Type, url.Url.AbsoluteUri, url.ExpiresAt, m.AltText, m.Width, m.Height, m.DurationSeconds));
                    }
                    urls += views.Count;
                    items.Add(new FeedItem(p.Id, p.Author, p.Caption, p.Location, views, p.LikeCount, p.CommentCount, p.IsLiked, p.IsSaved,
                        p.IsReposted, p.CommentsDisabled, p.LikesDisabled, p.CreatedAt, p.Collaborators, p.RepostedBy));
                }
                var t2 = Stopwatch.GetTimestamp();
                bytes += JsonSerializer.SerializeToUtf8Bytes(new Page<FeedItem>(items, null), ApiJson.Options).Length;
                var t3 = Stopwatch.GetTimestamp();
                read += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                sign += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
                json += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            }
        }
        return new BreakdownFigure(read / readers, sign / readers, json / readers, urls / (double)readers, bytes / readers);
    }
}
