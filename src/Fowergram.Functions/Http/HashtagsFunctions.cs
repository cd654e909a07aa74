using Fowergram.Features.Hashtags;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The hashtag routes of <see cref="HashtagsModule.MapHashtags"/>. "trending" is a literal segment and outranks {name}.</summary>
public sealed class HashtagsFunctions(HashtagsApi api)
{
    [Function("TrendingHashtags")]
    public Task<IResult> Trending([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/hashtags/trending")] HttpRequest request,
        CancellationToken ct) => api.Trending(request, ct);

    [Function("SearchHashtags")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/hashtags/search")] HttpRequest request,
        CancellationToken ct) => api.Search(request, ct);

    [Function("GetHashtag")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/hashtags/" + RouteParameters.HashtagName)] HttpRequest request,
        string name, CancellationToken ct) => api.Get(request, name, ct);

    [Function("FollowHashtag")]
    public Task<IResult> Follow([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/hashtags/{name}/follow")] HttpRequest request,
        string name, CancellationToken ct) => api.Follow(request, name, ct);

    [Function("UnfollowHashtag")]
    public Task<IResult> Unfollow([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/hashtags/{name}/follow")] HttpRequest request,
        string name, CancellationToken ct) => api.Unfollow(request, name, ct);

    [Function("ListFollowedHashtags")]
    public Task<IResult> Followed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/followed-hashtags")] HttpRequest request,
        CancellationToken ct) => api.Followed(request, ct);
}
