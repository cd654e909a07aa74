using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Likes of comments on long-form videos (igtv_comment_likes, migration 0082): the shared contract, counted by igtv-counters.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCommentLikeTests(FowergramApp app) : ThreadCommentLikeContract(app)
{
    private readonly VideosClient _videos = new(app);

    protected override string Kind => "videos";
    protected override string CommentsTable => "igtv_comments";
    protected override string LikesTable => "igtv_comment_likes";
    protected override string EntityType => VideoEvents.EntityComment;
    protected override string LikedEvent => VideoEvents.CommentLiked;
    protected override Task<Guid> ThingAsync(TestUser owner) => _videos.VideoIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _videos.SettleAsync(thingId);
    protected override Task<List<EventEnvelope>> EventsAsync(Guid thingId) => _videos.EventsAsync(thingId);
}
