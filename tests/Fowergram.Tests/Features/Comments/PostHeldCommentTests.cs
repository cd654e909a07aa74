using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>Held comments on posts (migration 0105): the contract every kind of thread follows.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostHeldCommentTests(FowergramApp app) : HeldCommentContract(app)
{
    private readonly PostsClient _posts = new(app);
    protected override string Kind => "posts";
    protected override Task<Guid> ThingAsync(TestUser owner) => _posts.PostIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _posts.SettleAsync(thingId);
}
