using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Feed;

/// <summary>GET /feed: the caller's home feed, newest first, by keyset (docs/feed.md).</summary>
public sealed class FeedApi(AccessTokens accessTokens, FeedReader reader)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        var items = await reader.ReadAsync(caller.UserId, page, ct);
        return Api.Ok(Page<FeedItem>.From(items, page.Limit, i => new Cursor(i.CreatedAt, i.Id)));
    }
}
