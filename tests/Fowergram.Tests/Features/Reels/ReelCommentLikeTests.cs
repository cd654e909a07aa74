using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Likes of comments on reels (reel_comment_likes, migration 0082): the shared contract, counted by reel-counters.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCommentLikeTests(FowergramApp app) : ThreadCommentLikeContract(app)
{
    private readonly ReelsClient _reels = new(app);

    protected override string Kind => "reels";
    protected override string CommentsTable => "reel_comments";
    protected override string LikesTable => "reel_comment_likes";
    protected override string EntityType => ReelEvents.EntityComment;
    protected override string LikedEvent => ReelEvents.CommentLiked;
    protected override Task<Guid> ThingAsync(TestUser owner) => _reels.ReelIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _reels.SettleAsync(thingId);
    protected override Task<List<EventEnvelope>> EventsAsync(Guid thingId) => _reels.EventsAsync(thingId);
}
