using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// Every cell of audience × relationship × account kind, over HTTP, for each story surface: the single
/// story, its media URL, the tray, the author's story list, the viewers list and marking it seen.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryAudienceMatrixTests(FowergramApp app)
{
    /// <summary><c>Hidden</c>: a close friend (so a follower too) from whom the owner hides their stories.</summary>
    public enum Relation { Stranger, PendingRequester, Follower, CloseFriend, Muted, Hidden, Blocked, Owner }

    private readonly StoryClient _client = new(app);

    public static TheoryData<string, Relation, bool> Cells()
    {
        var data = new TheoryData<string, Relation, bool>();
        foreach (var audience in new[] { "public", "followers", "close_friends" })
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
            data.Add(audience, relation, isPrivate);
        return data;
    }

    /// <summary>The rules of docs/stories.md, written out independently of the SQL.</summary>
    private static bool Sees(string audience, Relation relation, bool isPrivate)
    {
        if (relation == Relation.Owner) return true;
        if (relation is Relation.Blocked or Relation.Hidden) return false;
        var follows = relation is Relation.Follower or Relation.CloseFriend or Relation.Muted;
        return audience switch
        {
            "public" => !isPrivate || follows,
            "followers" => follows,
            _ => relation == Relation.CloseFriend,
        };
    }

    private static bool InTray(string audience, Relation relation, bool isPrivate) =>
        Sees(audience, relation, isPrivate) && relation is Relation.Owner or Relation.Follower or Relation.CloseFriend;

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Every_story_surface_answers_the_cell(string audience, Relation relation, bool isPrivate)
    {
        var owner = await _client.NewUserAsync(isPrivate);
        var viewer = relation == Relation.Owner ? owner : await _client.NewUserAsync();
        await ArrangeAsync(owner, viewer, relation);
        var (storyId, _) = await _client.CreateStoryAsync(owner, audience);
        var (sees, inTray) = (Sees(audience, relation, isPrivate), InTray(audience, relation, isPrivate));

        var single = await _client.GetAsync($"/api/v1/stories/{storyId}", viewer);
        if (sees) await AssertMediaServedAsync(await single.ReadJsonAsync());
        else await single.AssertProblemAsync(HttpStatusCode.NotFound);

        var tray = await _client.GetJsonAsync("/api/v1/stories/tray", viewer);
        Assert.Equal(inTray, StoryIdsIn(tray).Contains(storyId));

        var list = await _client.GetAsync($"/api/v1/users/{owner.Username}/stories", viewer);
        if (relation == Relation.Blocked) await list.AssertProblemAsync(HttpStatusCode.NotFound);
        else Assert.Equal(sees, (await list.ReadJsonAsync()).GetProperty("items").EnumerateArray().Any(s => s.GetProperty("id").GetGuid() == storyId));

        var viewers = await _client.GetAsync($"/api/v1/stories/{storyId}/viewers", viewer);
        if (relation == Relation.Owner) Assert.Equal(0, (await viewers.ReadJsonAsync()).GetProperty("viewCount").GetInt64());
        else await viewers.AssertProblemAsync(HttpStatusCode.NotFound);

        var seen = await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{storyId}/seen", viewer);
        if (sees) Assert.Equal(HttpStatusCode.NoContent, seen.StatusCode);
        else await seen.AssertProblemAsync(HttpStatusCode.NotFound);
        var recorded = await _client.ScalarAsync<long>("SELECT count(*) FROM story_views WHERE story_id = @storyId", new { storyId });
        Assert.Equal(sees && relation != Relation.Owner ? 1 : 0, recorded);
    }

    private async Task ArrangeAsync(Person owner, Person viewer, Relation relation)
    {
        switch (relation)
        {
            case Relation.PendingRequester:
                await _client.RequestFollowAsync(viewer, owner);
                break;
            case Relation.Follower:
                await _client.FollowAsync(viewer, owner);
                break;
            case Relation.CloseFriend:
                await _client.FollowAsync(viewer, owner);
                await _client.CloseFriendAsync(owner, viewer);
                break;
            case Relation.Muted:
                await _client.FollowAsync(viewer, owner);
                await _client.MuteAsync(viewer, owner, posts: false, stories: true);
                break;
            case Relation.Hidden:
                await _client.FollowAsync(viewer, owner);
                await _client.CloseFriendAsync(owner, viewer);
                await _client.HideStoriesFromAsync(owner, viewer);
                break;
            case Relation.Blocked:
                await _client.FollowAsync(viewer, owner); // a follow that somehow survived the block grants nothing
                await _client.BlockAsync(owner, viewer);
                break;
        }
    }

    private async Task AssertMediaServedAsync(JsonElement story)
    {
        var media = story.GetProperty("media");
        Assert.Equal("image", media.GetProperty("type").GetString());
        var response = await _client.FetchMediaAsync(media.GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Media.MediaSamples.Jpeg(), await response.Content.ReadAsByteArrayAsync());
    }

    public static HashSet<Guid> StoryIdsIn(JsonElement tray) =>
        tray.GetProperty("items").EnumerateArray()
            .SelectMany(e => e.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()))
            .ToHashSet();
}
