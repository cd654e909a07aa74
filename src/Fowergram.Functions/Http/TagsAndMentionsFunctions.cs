using Fowergram.Features.Social;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The tags and mentions settings routes of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class TagsAndMentionsFunctions(TagsAndMentionsApi settings)
{
    [Function("GetTagsAndMentions")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/tags-and-mentions")] HttpRequest request,
        CancellationToken ct) => settings.Get(request, ct);

    [Function("SetTagsAndMentions")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/tags-and-mentions")] HttpRequest request,
        CancellationToken ct) => settings.Put(request, ct);
}
