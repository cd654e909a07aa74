using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Held comments on videos (migration 0105): the contract every kind of thread follows.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoHeldCommentTests(FowergramApp app) : HeldCommentContract(app)
{
    private readonly VideosClient _videos = new(app);
    protected override string Kind => "videos";
    protected override Task<Guid> ThingAsync(TestUser owner) => _videos.VideoIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _videos.SettleAsync(thingId);
}
