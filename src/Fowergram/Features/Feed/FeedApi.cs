using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Feed;

/// <summary>GET /feed: the caller's home feed, newest first, by keyset (docs/feed.md).</summary>
public sealed class FeedApi(AccessTokens accessTokens, FeedReader reader, MediaUploads media)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        // limit + 1 when there is more; none for a gone account's token, which outlives the account until its session's end is read.
        if (await reader.ReadAsync(caller.UserId, page, ct) is not { } posts) return Problems.AccountGone();
        var items = new List<FeedItem>(Math.Min(posts.Count, page.Limit));
        // Every post here passed the read-time visibility check, so its media may be signed.
        foreach (var post in posts.Take(page.Limit)) items.Add(await ViewAsync(post, ct));
        var next = posts.Count > page.Limit ? new Cursor(items[^1].CreatedAt, items[^1].Id).Encode() : null;
        return Api.Ok(new Page<FeedItem>(items, next));
    }

    private async Task<FeedItem> ViewAsync(FeedPost post, CancellationToken ct)
    {
        var views = new List<FeedMediaView>(post.Media.Count);
        foreach (var m in post.Media)
        {
            // Rows written by other tools may lack a validated type or a server-made name: never served.
            if (m.ContentType is null || !MediaObjectNames.IsValid(m.ObjectName)) continue;
            var url = await media.CreateReadUrlAsync(m.ObjectName, m.ContentType, ct);
            views.Add(new FeedMediaView(m.Id, m.Type, url.Url.AbsoluteUri, url.ExpiresAt, m.AltText, m.Width, m.Height, m.DurationSeconds));
        }
        return new FeedItem(post.Id, post.Author, post.Caption, post.Location, views, post.LikeCount, post.CommentCount, post.IsLiked,
            post.IsSaved, post.IsReposted, post.CommentsDisabled, post.LikesDisabled, post.CreatedAt, post.Collaborators, post.RepostedBy, post.Music);
    }
}
