using System.Collections.Concurrent;
using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Every cell of relationship × account (public, private) × surface, over HTTP. The expected answer of
/// each cell comes from the rules in docs/social-graph.md, written once in <see cref="Expected"/>.
/// ContentGrid is the owner's post grid (/users/{username}/posts), holding one post made over HTTP.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(FowergramApp app)
{
    public enum Relation { Anonymous, Stranger, PendingRequester, Follower, CloseFriend, Blocked, Blocker, Muted, Owner }
    public enum Surface { Profile, Followers, Following, ContentGrid, Suggestions, Search }
    public enum Outcome { Shown, NotFound, Listed, NotListed, Unauthorized }

    private static readonly Relation[] ApprovedFollowers = [Relation.Follower, Relation.CloseFriend, Relation.Muted];

    // One arrangement per (relation, account kind), shared by the read-only cells of its row.
    private static readonly ConcurrentDictionary<(Relation, bool), Lazy<Task<Cell>>> Arranged = new();

    private sealed record Cell(SocialUser Owner, SocialUser? Viewer, SocialUser Mutual, Guid PostId);

    public static TheoryData<Relation, bool, Surface, Outcome> Cells()
    {
        var data = new TheoryData<Relation, bool, Surface, Outcome>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
        foreach (var surface in Enum.GetValues<Surface>())
            data.Add(relation, isPrivate, surface, Expected(relation, isPrivate, surface));
        return data;
    }

    private static Outcome Expected(Relation relation, bool isPrivate, Surface surface)
    {
        var hidden = relation is Relation.Blocked or Relation.Blocker;
        return surface switch
        {
            Surface.Profile => hidden ? Outcome.NotFound : Outcome.Shown,
            Surface.Followers or Surface.Following or Surface.ContentGrid =>
                relation == Relation.Owner || (!hidden && (!isPrivate || ApprovedFollowers.Contains(relation))) ? Outcome.Shown : Outcome.NotFound,
            // Friends of friends, never self, followed, requested, blocked or blocking accounts.
            Surface.Suggestions => relation == Relation.Anonymous ? Outcome.Unauthorized
                : relation == Relation.Stranger ? Outcome.Listed : Outcome.NotListed,
            Surface.Search => hidden ? Outcome.NotListed : Outcome.Listed,
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Surface_answers_as_the_policy_says(Relation relation, bool isPrivate, Surface surface, Outcome expected)
    {
        var (owner, viewer, mutual, postId) = await Arranged.GetOrAdd((relation, isPrivate),
            key => new Lazy<Task<Cell>>(() => ArrangeAsync(key.Item1, key.Item2))).Value;
        var w = new SocialWorld(app);

        var url = surface switch
        {
            Surface.Profile => $"/api/v1/users/{owner.Username}",
            Surface.Followers => $"/api/v1/users/{owner.Username}/followers",
            Surface.Following => $"/api/v1/users/{owner.Username}/following",
            Surface.ContentGrid => $"/api/v1/users/{owner.Username}/posts",
            Surface.Suggestions => "/api/v1/users/me/suggestions?limit=50",
            _ => $"/api/v1/users/search?q={owner.Username}",
        };
        var response = await w.GetAsync(url, viewer);

        switch (expected)
        {
            case Outcome.NotFound:
                await response.AssertProblemAsync(HttpStatusCode.NotFound);
                break;
            case Outcome.Unauthorized:
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                break;
            case Outcome.Shown:
                var body = await response.ReadJsonAsync();
                if (surface == Surface.Profile) Assert.Equal(owner.Id, body.GetProperty("id").GetGuid());
                else if (surface == Surface.ContentGrid)
                    Assert.Contains(postId, body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
                else Assert.Contains(mutual.Id, body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
                break;
            default:
                var ids = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());
                Assert.Equal(expected == Outcome.Listed, ids.Contains(owner.Id));
                break;
        }
    }

    /// <summary>
    /// The owner follows and is followed by a public "mutual" (so both lists have an entry to show);
    /// every signed-in viewer but the owner follows the mutual too, which makes the owner a
    /// friend-of-a-friend suggestion unless a rule excludes it.
    /// </summary>
    private async Task<Cell> ArrangeAsync(Relation relation, bool isPrivate)
    {
        var w = new SocialWorld(app);
        var owner = await w.UserAsync(isPrivate);
        var mutual = await w.UserAsync();
        var post = await new Fowergram.Tests.Features.Posts.PostsClient(app)
            .CreatePostAsync(new Fowergram.Tests.Features.Media.TestUser(owner.Id, owner.Username, owner.Token));
        var postId = post.GetProperty("id").GetGuid();
        await w.FollowApprovedAsync(mutual, owner);
        await w.FollowAsync(owner, mutual);
        if (relation == Relation.Anonymous) return new Cell(owner, null, mutual, postId);
        if (relation == Relation.Owner) return new Cell(owner, owner, mutual, postId);

        var viewer = await w.UserAsync();
        await w.FollowAsync(viewer, mutual);
        switch (relation)
        {
            case Relation.PendingRequester when isPrivate:
                Assert.Equal("requested", await w.FollowAsync(viewer, owner));
                break;
            case Relation.PendingRequester: // a public account gets no new requests: one left from when it was private
                await SocialWorld.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@v, @o)",
                    new { v = viewer.Id, o = owner.Id });
                break;
            case Relation.Follower:
                await w.FollowApprovedAsync(viewer, owner);
                break;
            case Relation.CloseFriend:
                await w.FollowApprovedAsync(viewer, owner);
                await w.AddCloseFriendAsync(owner, viewer);
                break;
            case Relation.Muted:
                await w.FollowApprovedAsync(viewer, owner);
                await w.MuteAsync(viewer, owner);
                break;
            case Relation.Blocked: // followed first: the block must undo it
                await w.FollowApprovedAsync(viewer, owner);
                await w.BlockAsync(owner, viewer);
                break;
            case Relation.Blocker:
                await w.FollowApprovedAsync(viewer, owner);
                await w.BlockAsync(viewer, owner);
                break;
        }
        return new Cell(owner, viewer, mutual, postId);
    }
}
