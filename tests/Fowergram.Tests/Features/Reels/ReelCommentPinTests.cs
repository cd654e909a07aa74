using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Pinned comments on reels (migration 0101): the contract posts follow too.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCommentPinTests(FowergramApp app) : CommentPinContract(app)
{
    private readonly ReelsClient _reels = new(app);
    protected override string Kind => "reels";
    protected override string Table => "reel_comments";
    protected override string Column => "reel_id";
    protected override Task<Guid> ThingAsync(TestUser owner) => _reels.ReelIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _reels.SettleAsync(thingId);
}
