using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The reel repost routes of <see cref="ReelsModule.MapReels"/> (docs/reels.md "Reposts"); the switch is in <see cref="PostRepostsFunctions"/>.</summary>
public sealed class ReelRepostsFunctions(ReelRepostsApi reposts, ReelListsApi lists)
{
    [Function("RepostReel")]
    public Task<IResult> Repost([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/repost")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Repost(request, id, ct);

    [Function("UndoReelRepost")]
    public Task<IResult> Undo([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/repost")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Undo(request, id, ct);

    [Function("ListReelReposters")]
    public Task<IResult> Reposters([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/reposts")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Reposters(request, id, ct);

    [Function("ListUserReelReposts")]
    public Task<IResult> Tab([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/reposts/reels")] HttpRequest request,
        string username, CancellationToken ct) => lists.Reposts(request, username, ct);
}
