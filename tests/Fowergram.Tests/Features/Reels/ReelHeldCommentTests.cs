using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Held comments on reels (migration 0105): the contract every kind of thread follows.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelHeldCommentTests(FowergramApp app) : HeldCommentContract(app)
{
    private readonly ReelsClient _reels = new(app);
    protected override string Kind => "reels";
    protected override Task<Guid> ThingAsync(TestUser owner) => _reels.ReelIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _reels.SettleAsync(thingId);
}
