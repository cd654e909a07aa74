using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Pinned comments on long-form videos (migration 0101): the contract posts follow too.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCommentPinTests(FowergramApp app) : CommentPinContract(app)
{
    private readonly VideosClient _videos = new(app);
    protected override string Kind => "videos";
    protected override string Table => "igtv_comments";
    protected override string Column => "video_id";
    protected override Task<Guid> ThingAsync(TestUser owner) => _videos.VideoIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _videos.SettleAsync(thingId);
}
