using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>Pinned comments on posts (migration 0100).</summary>
[Collection(ApiCollection.Name)]
public sealed class CommentPinTests(FowergramApp app) : CommentPinContract(app)
{
    private readonly PostsClient _posts = new(app);
    protected override string Kind => "posts";
    protected override string Table => "comments";
    protected override string Column => "post_id";
    protected override Task<Guid> ThingAsync(TestUser owner) => _posts.PostIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _posts.SettleAsync(thingId);
}
