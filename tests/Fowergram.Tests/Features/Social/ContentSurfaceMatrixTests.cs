using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Reliability checklist item 10: every visibility × relationship × content surface, over HTTP, each cell's answer
/// derived once in <see cref="Expected"/> from docs/visibility.md, docs/social-graph.md, docs/feed.md, docs/posts.md,
/// docs/stories.md, docs/messages.md and docs/export.md. A moderator is a stranger on every ordinary route
/// (docs/moderation.md: they judge reported things through the moderation routes only, "without being able to open the
/// post itself"). Deeper checks of single surfaces (media URLs, writes, the tray, the audience of each story kind) stay
/// in AuthorizationMatrixTests, PostVisibilityTests and StoryAudienceMatrixTests.
///
/// On the DM surface a post is the card of a message in which a third account (a follower of the owner) shared it with the
/// viewer before the post was archived and before any block (docs/messages.md: "each reader sees the card only while
/// *they* may see it"). Notifications are the viewer's notice of the owner's @mention of them (post caption, story
/// sticker); the owner is never notified of their own.
///
/// Cells not generated, because the surface cannot hold that thing: a close-friends story on post, feed, explore,
/// hashtag, search, grid, comments, likers (stories are in none of these lists) and DM (a story is shared only into the
/// thread with its author, as a reply); a direct message on everything but DM, search (of all chats) and export (a
/// message writes no notice, only a push: docs/messages.md); posts on the story surface.
/// </summary>
public sealed class ContentSurfaceMatrixTests(ContentSurfaceWorld world) : IClassFixture<ContentSurfaceWorld>
{
    public enum Visibility { PublicAccount, PrivateAccount, CloseFriendsStory, ArchivedPost, Dm }
    public enum Relation { Anonymous, Stranger, PendingRequester, Follower, CloseFriend, Blocked, Blocker, Owner, Moderator }
    public enum Surface { Post, Feed, Explore, Hashtag, Search, ProfileGrid, Comments, Likers, Notifications, Dm, Story, Archive, Export }
    public enum Outcome { Shown, NotFound, Listed, NotListed, Unauthorized }

    public static TheoryData<Visibility, Relation, Surface, Outcome> Cells()
    {
        var data = new TheoryData<Visibility, Relation, Surface, Outcome>();
        foreach (var visibility in Enum.GetValues<Visibility>())
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var surface in Enum.GetValues<Surface>().Where(s => Applies(visibility, s)))
            data.Add(visibility, relation, surface, Expected(visibility, relation, surface));
        return data;
    }

    private static bool Applies(Visibility visibility, Surface surface) => visibility switch
    {
        Visibility.CloseFriendsStory => surface is Surface.Story or Surface.Notifications or Surface.Archive or Surface.Export,
        Visibility.Dm => surface is Surface.Dm or Surface.Search or Surface.Export,
        _ => surface != Surface.Story,
    };

    /// <summary>May the viewer open the thing itself (can_view_content, can_view_story, thread membership)?</summary>
    private static bool Sees(Visibility visibility, Relation relation) => relation == Relation.Owner || visibility switch
    {
        Visibility.PublicAccount => relation is not (Relation.Blocked or Relation.Blocker),
        Visibility.PrivateAccount => relation is Relation.Follower or Relation.CloseFriend,
        Visibility.CloseFriendsStory => relation == Relation.CloseFriend,
        _ => false, // an archived post is its owner's alone; a thread its participants'
    };

    private static Outcome Expected(Visibility visibility, Relation relation, Surface surface)
    {
        var signedInOnly = surface is Surface.Feed or Surface.Explore or Surface.Notifications or Surface.Dm or Surface.Story
            or Surface.Archive or Surface.Export || visibility == Visibility.Dm;
        if (relation == Relation.Anonymous && signedInOnly) return Outcome.Unauthorized;
        var sees = Sees(visibility, relation);
        var inLists = visibility != Visibility.ArchivedPost; // an archived post is listed by its owner's archive only
        var follows = relation is Relation.Follower or Relation.CloseFriend;
        return surface switch
        {
            Surface.Dm when visibility != Visibility.Dm => Listed(sees), // the card of a post shared with the viewer
            Surface.Post or Surface.Comments or Surface.Likers or Surface.Story or Surface.Dm => sees ? Outcome.Shown : Outcome.NotFound,
            // The grid is the account's content: 404 to whoever may not see it, an archived post left out for everyone.
            Surface.ProfileGrid => !Sees(visibility == Visibility.PrivateAccount ? visibility : Visibility.PublicAccount, relation)
                ? Outcome.NotFound : Listed(inLists),
            Surface.Feed => Listed(inLists && (relation == Relation.Owner || follows)),
            // Public accounts the caller may see and neither is nor follows.
            Surface.Explore => Listed(visibility == Visibility.PublicAccount && sees && relation != Relation.Owner && !follows),
            Surface.Hashtag => Listed(inLists && sees),
            Surface.Search => Listed(visibility == Visibility.Dm ? sees : inLists && sees),
            Surface.Notifications => Listed(inLists && sees && relation != Relation.Owner),
            Surface.Archive => Listed(relation == Relation.Owner && visibility is Visibility.ArchivedPost or Visibility.CloseFriendsStory),
            Surface.Export => Listed(relation == Relation.Owner),
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
    }

    private static Outcome Listed(bool listed) => listed ? Outcome.Listed : Outcome.NotListed;

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Surface_answers_as_the_docs_say(Visibility visibility, Relation relation, Surface surface, Outcome expected)
    {
        var row = await world.RowAsync(relation, visibility == Visibility.PrivateAccount);
        var post = visibility == Visibility.ArchivedPost ? row.Archived : row.Live;
        var item = visibility switch
        {
            Visibility.CloseFriendsStory => row.Story,
            Visibility.Dm => row.Message,
            _ => post.Id,
        };
        if (surface == Surface.Explore) await world.RefreshExploreAsync();

        foreach (var (path, shows) in Paths(surface, visibility, row, post, item))
        {
            var response = await world.GetAsync(path, row.Viewer);
            switch (expected)
            {
                case Outcome.Unauthorized:
                    await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                    break;
                case Outcome.NotFound:
                    await response.AssertProblemAsync(HttpStatusCode.NotFound);
                    break;
                case Outcome.Shown:
                    Assert.Contains(shows, Ids(surface, visibility, await response.ReadJsonAsync()));
                    break;
                case Outcome.Listed or Outcome.NotListed when surface == Surface.Export:
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var document = await response.Content.ReadAsStringAsync();
                    Assert.Equal(expected == Outcome.Listed, ExportedIds(visibility, JsonDocument.Parse(document).RootElement).Contains(item));
                    // The owner's words (captions, the message) are in no one else's copy.
                    Assert.Equal(expected == Outcome.Listed, document.Contains(row.Word));
                    // Nor is the thing's id, anywhere in the copy of one who may not see it (a share's id was, until 2026-12-06).
                    if (!Sees(visibility, relation)) Assert.DoesNotContain(item.ToString(), document);
                    break;
                // A tag none of whose uses the caller may see answers as an unknown tag (HashtagPrivateUseTests): not listed.
                case Outcome.NotListed when surface == Surface.Hashtag && response.StatusCode == HttpStatusCode.NotFound:
                    await response.AssertProblemAsync(HttpStatusCode.NotFound);
                    break;
                default:
                    var ids = Ids(surface, visibility, await response.ReadJsonAsync());
                    Assert.Equal(expected == Outcome.Listed, ids.Contains(item));
                    if (surface == Surface.Notifications) // the badge counts what the list shows: every notice here is unread
                        Assert.Equal(ids.Count, (await (await world.GetAsync("/api/v1/notifications/unread-count", row.Viewer)).ReadJsonAsync())
                            .GetProperty("count").GetInt64());
                    break;
            }
        }
    }

    /// <summary>Each route of the surface, and what it shows when it is shown: the thing, the owner's like or comment, the thread.</summary>
    private static (string Path, Guid Shows)[] Paths(Surface surface, Visibility visibility, ContentRow row, OwnersPost post, Guid item) => surface switch
    {
        Surface.Post or Surface.Story => [($"/api/v1/{(surface == Surface.Story ? "stories" : "posts")}/{item}", item)],
        Surface.Comments => [($"/api/v1/posts/{item}/comments", post.Comment)],
        Surface.Likers => [($"/api/v1/posts/{item}/likers", row.Owner.Id)],
        // A post shared with the viewer: its card is in the message only while the viewer may see the post.
        Surface.Dm when visibility != Visibility.Dm => [($"/api/v1/conversations/{row.ShareThread}/messages", item), ($"/api/v1/messages/{post.Share}", item)],
        Surface.Dm => [($"/api/v1/conversations/{row.Thread}/messages", item), ($"/api/v1/messages/{item}", item),
            ($"/api/v1/conversations/{row.Thread}", row.Thread), ($"/api/v1/conversations/{row.Thread}/messages/search?q={row.Word}", item)],
        _ => [(ListPath(surface, visibility, row), item)],
    };

    private static string ListPath(Surface surface, Visibility visibility, ContentRow row) => surface switch
    {
        Surface.ProfileGrid => $"/api/v1/users/{row.Owner.Username}/posts?limit=50",
        Surface.Feed => "/api/v1/feed?limit=50",
        Surface.Explore => "/api/v1/explore?limit=50",
        Surface.Hashtag => $"/api/v1/hashtags/{row.Tag}",
        Surface.Search when visibility == Visibility.Dm => $"/api/v1/conversations/messages/search?q={row.Word}&limit=50",
        Surface.Search => $"/api/v1/search/posts?q={row.Word}&limit=50",
        Surface.Notifications => "/api/v1/notifications?limit=50",
        Surface.Archive when visibility == Visibility.CloseFriendsStory => "/api/v1/users/me/stories/archive?limit=50",
        Surface.Archive => "/api/v1/users/me/posts/archived?limit=50",
        _ => "/api/v1/users/me/export",
    };

    /// <summary>The ids of the export's own things of that kind: its posts, its stories, the messages of its threads.</summary>
    private static List<Guid> ExportedIds(Visibility visibility, JsonElement export) => visibility switch
    {
        Visibility.CloseFriendsStory => export.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList(),
        Visibility.Dm => export.GetProperty("conversations").EnumerateArray()
            .SelectMany(c => c.GetProperty("messages").EnumerateArray()).Select(m => m.GetProperty("id").GetGuid()).ToList(),
        _ => export.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList(),
    };

    /// <summary>
    /// The ids an answer carries: the thing's own id, a list's items, a notice's entity, a search hit's message — or, for a
    /// post shared in a direct message, the post its card shows (none when the card is absent).
    /// </summary>
    private static List<Guid> Ids(Surface surface, Visibility visibility, JsonElement body)
    {
        var items = body.TryGetProperty("items", out var page) ? page.EnumerateArray().ToList()
            : body.TryGetProperty("posts", out var posts) ? posts.GetProperty("items").EnumerateArray().ToList()
            : [body];
        return items.Select(i => surface switch
        {
            Surface.Dm when visibility != Visibility.Dm => i.TryGetProperty("sharedPost", out var p) ? p.GetProperty("id").GetGuid() : Guid.Empty,
            Surface.Notifications => i.TryGetProperty("entityId", out var e) && e.ValueKind == JsonValueKind.String ? e.GetGuid() : Guid.Empty,
            Surface.Search when i.TryGetProperty("message", out var m) => m.GetProperty("id").GetGuid(),
            _ => i.GetProperty("id").GetGuid(),
        }).ToList();
    }
}
