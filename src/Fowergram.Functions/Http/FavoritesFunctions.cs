using Fowergram.Features.Feed;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The favorites routes of <see cref="FeedModule.MapFeed"/>: the list and the favorites feed.</summary>
public sealed class FavoritesFunctions(FavoritesApi favorites)
{
    [Function("FavoritesFeed")]
    public Task<IResult> Feed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feed/favorites")] HttpRequest request,
        CancellationToken ct) => favorites.Feed(request, ct);

    [Function("ListFavorites")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/favorites")] HttpRequest request,
        CancellationToken ct) => favorites.ListFavorites(request, ct);

    [Function("AddFavorite")]
    public Task<IResult> Add([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/favorites/{username}")] HttpRequest request,
        string username, CancellationToken ct) => favorites.Add(request, username, ct);

    [Function("RemoveFavorite")]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/favorites/{username}")] HttpRequest request,
        string username, CancellationToken ct) => favorites.Remove(request, username, ct);
}
