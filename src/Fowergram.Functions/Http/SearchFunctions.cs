using Fowergram.Features.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The route of <see cref="SearchModule.MapSearch"/>.</summary>
public sealed class SearchFunctions(SearchApi search)
{
    [Function("Search")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search")] HttpRequest request,
        CancellationToken ct) => search.Get(request, ct);
}
