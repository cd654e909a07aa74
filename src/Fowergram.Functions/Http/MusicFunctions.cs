using Fowergram.Features.Music;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The music catalogue routes of <see cref="FowergramRoutes"/> (MusicModule.MapMusic).</summary>
public sealed class MusicFunctions(MusicApi api)
{
    [Function("SearchMusicTracks")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/music/tracks")] HttpRequest request,
        CancellationToken ct) => api.Search(request, ct);

    [Function("GetTrendingMusic")]
    public Task<IResult> Trending([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/music/trending")] HttpRequest request,
        CancellationToken ct) => api.Trending(request, ct);
}
