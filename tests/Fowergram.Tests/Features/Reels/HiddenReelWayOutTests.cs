using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>The way out of a reel hidden from its commenter or a comment's liker since: the shared contract over reel_comments.</summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenReelWayOutTests(FowergramApp app) : HiddenThingWayOutContract(app)
{
    private readonly ReelsClient _reels = new(app);

    protected override string Kind => "reels";
    protected override string CommentsTable => "reel_comments";
    protected override string LikesTable => "reel_comment_likes";
    protected override string StatsTable => "reel_stats";
    protected override string StatsKey => "reel_id";
    protected override Task<Guid> ThingAsync(TestUser owner) => _reels.ReelIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _reels.SettleAsync(thingId);
}
