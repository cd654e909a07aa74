using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Features.Feed;
using Fowergram.Features.Posts;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Reliability checklist item 15 (and 23's use_after_free), one kind of deleted thing per test: every surface that showed it
/// before the deletion (checked first, so nothing passes vacuously) stops showing it — its id, and its object's upload id,
/// which every signed read URL names — and its object goes once the documented window has passed. On a database and clock
/// of its own: the clean-up jobs run weeks ahead and would purge other tests' deleted things.
/// </summary>
public sealed class DeletionEverywhereTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan ReadUrlLifetime = new MediaOptions().ReadUrlLifetime;
    private static readonly TimeSpan CleanupGrace = new MediaOptions().CleanupGrace;
    private static readonly TimeSpan PostWindow = new PostsOptions().RestoreWindow;
    private static readonly TimeSpan StoryWindow = new StoryOptions().RestoreWindow;

    private readonly PostsClient _posts = new(scratch.App);
    private readonly DmClient _dm = new(scratch.App);
    private FowergramApp App => scratch.App;
    private DateTimeOffset Now => App.Clock.GetUtcNow();

    private sealed record Surface(string Name, Func<Task<string>> Read);

    [Fact]
    public async Task A_deleted_post_leaves_every_surface_and_its_objects_go_when_its_restore_window_ends()
    {
        var (author, follower, mentioned, stranger, friend) =
            (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        await _posts.FollowAsync(follower, friend);
        await _posts.FollowAsync(friend, follower);
        var (tag, word, place) = (Unique("gone"), Unique("kw"), Unique("Place "));
        var upload = (await _posts.UploadAsync(author)).UploadId;
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new[] { new { uploadId = upload, userTags = new[] { new { username = mentioned.Username, x = 0.5, y = 0.5 } } } },
            caption = $"Golden hour #{tag} {word} with @{mentioned.Username}", location = place,
        })).ReadJsonAsync(HttpStatusCode.Created);
        var postId = post.GetProperty("id").GetGuid();
        var oldUrl = UrlNaming(post, upload);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", follower)).EnsureNoContentAsync();
        var comment = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", follower,
            new { content = $"Lovely @{mentioned.Username}" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var collection = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", follower, new { name = "Keep" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", follower)).EnsureNoContentAsync();
        var thread = await _dm.DirectAsync(follower, friend);
        await _dm.SendMessageAsync(follower, thread, new { sharedPostId = postId, text = "look" });
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/repost", stranger)).EnsureNoContentAsync();
        await _posts.FollowAsync(friend, stranger);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/favorites/{author.Username}", follower)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/stories", follower, new
        {
            uploadId = (await _posts.UploadAsync(follower, purpose: "story")).UploadId, sharedPostId = postId,
        })).ReadJsonAsync(HttpStatusCode.Created);
        await DrainAsync();
        await RunJobAsync(ExploreRefreshJob.JobName, Now);

        Surface[] surfaces =
        [
            Get("author's grid", $"/api/v1/users/{author.Username}/posts", stranger),
            Get("follower's home feed", "/api/v1/feed", follower),
            Get("favorites feed", "/api/v1/feed/favorites", follower),
            Get("reposter's reposts tab", $"/api/v1/users/{stranger.Username}/reposts", friend),
            Get("reposter's follower's home feed", "/api/v1/feed", friend),
            TagPage("hashtag page", $"/api/v1/hashtags/{tag}", stranger),
            Get("keyword search", $"/api/v1/search/posts?q={word}", stranger),
            Get("place", $"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}", stranger),
            Get("explore", "/api/v1/explore?limit=50", stranger),
            Get("tagged tab", $"/api/v1/users/{mentioned.Username}/tagged", stranger),
            Get("author's notifications (like, comment)", "/api/v1/notifications", author),
            Get("mentioned's notifications (mention, tag)", "/api/v1/notifications", mentioned),
            Get("saved", "/api/v1/users/me/saved", follower),
            Get("collection's posts", $"/api/v1/collections/{collection}/posts", follower),
            Get("collections (cover)", "/api/v1/collections", follower),
            Get("shared in a chat", $"/api/v1/conversations/{thread}/messages", friend),
            Get("shared to a story", $"/api/v1/users/{follower.Username}/stories", friend),
            Export("author's export", author), Export("follower's export", follower), Export("friend's export", friend),
            Export("reposter's export", stranger),
        ];
        var markers = new[] { postId, comment, upload };
        await AssertShownAsync(surfaces, markers);
        Assert.Equal(HttpStatusCode.OK, (await App.Client.GetAsync(oldUrl)).StatusCode);
        Assert.Equal(3, await NumberAsync("/api/v1/notifications/unread-count", mentioned, "count"));
        Assert.Equal(1, await NumberAsync($"/api/v1/hashtags/{tag}", stranger, "postCount"));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        var deletedAt = Now;
        await DrainAsync();

        await AssertGoneAsync(surfaces, markers);
        Assert.Equal(0, await NumberAsync("/api/v1/notifications/unread-count", mentioned, "count")); // its notices were all it had
        // Its only use gone, the tag reads as an unknown one (docs/visibility.md "Hashtags"): no count of 0 to tell it existed.
        await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var who in new[] { author, follower, stranger })
            await (await _posts.GetAsync($"/api/v1/posts/{postId}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        // docs/posts.md "Recently deleted": its author alone may still find and restore it for the window.
        Assert.Contains(postId.ToString(), await TextAsync("/api/v1/users/me/posts/deleted", author));
        await AssertUnreadableAfterItsLifetimeAsync(oldUrl);

        await RunJobAsync(PostMediaCleanupJob.JobName, deletedAt + PostWindow - TimeSpan.FromMinutes(1));
        Assert.True(await _posts.Media.ObjectExistsAsync(author, upload), "kept while it can be restored");
        await RunJobAsync(PostMediaCleanupJob.JobName, deletedAt + PostWindow + TimeSpan.FromMinutes(1));
        await AssertObjectGoneAsync(author, upload, "post");
    }

    [Fact]
    public async Task A_carousel_item_removed_from_a_post_leaves_every_surface_and_its_object_goes_after_its_window()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var post = await _posts.CreatePostAsync(author, "Two views", mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var item = post.GetProperty("media")[0].GetProperty("id").GetGuid();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE id = @item", new { item });
        var oldUrl = UrlNaming(post, upload);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/save", follower)).EnsureNoContentAsync();
        await DrainAsync();

        Surface[] surfaces =
        [
            Get("the post", $"/api/v1/posts/{postId}", follower),
            Get("author's grid (cover)", $"/api/v1/users/{author.Username}/posts", follower),
            Get("follower's home feed", "/api/v1/feed", follower),
            Get("saved (cover)", "/api/v1/users/me/saved", follower),
            Export("author's export", author),
        ];
        var markers = new[] { item, upload };
        await AssertShownAsync(surfaces, markers);

        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{item}", author)).EnsureSuccessStatusCode();
        var removedAt = Now;
        await DrainAsync();

        await AssertGoneAsync(surfaces, markers);
        Assert.Contains(item.ToString(), await TextAsync("/api/v1/users/me/carousel-items/deleted", author));
        await AssertUnreadableAfterItsLifetimeAsync(oldUrl);

        await RunJobAsync("media-cleanup", removedAt + PostWindow + CleanupGrace - TimeSpan.FromMinutes(1));
        Assert.True(await _posts.Media.ObjectExistsAsync(author, upload), "kept while it can be restored");
        await RunJobAsync(PostMediaCleanupJob.JobName, removedAt + PostWindow + TimeSpan.FromMinutes(1));
        await RunJobAsync("media-cleanup", removedAt + PostWindow + CleanupGrace + TimeSpan.FromMinutes(1));
        await AssertObjectGoneAsync(author, upload, "post");
    }

    [Fact]
    public async Task A_deleted_reel_leaves_every_surface_and_its_object_goes_after_its_window()
    {
        var reels = new ReelsClient(App);
        var (author, follower, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var (tag, word) = (Unique("reeltag"), Unique("reelkw"));
        var reel = await reels.CreateReelAsync(author, $"Waves #{tag} {word}");
        var reelId = reel.GetProperty("id").GetGuid();
        var upload = await _posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @reelId", new { reelId });
        var oldUrl = UrlNaming(reel, upload);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", follower)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/save", follower)).EnsureNoContentAsync();
        var thread = await _dm.DirectAsync(follower, author);
        await _dm.SendMessageAsync(follower, thread, new { sharedReelId = reelId });
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/repost", stranger)).EnsureNoContentAsync();
        await DrainAsync();
        await RunJobAsync("reel-recommendations", Now);

        Surface[] surfaces =
        [
            Get("author's reels", $"/api/v1/users/{author.Username}/reels", stranger),
            Get("following reels", "/api/v1/reels/following", follower),
            TagPage("hashtag reels", $"/api/v1/hashtags/{tag}/reels", stranger),
            Get("keyword search", $"/api/v1/search/reels?q={word}", stranger),
            Get("trending reels", "/api/v1/reels/trending?limit=50", stranger),
            Get("recommended reels", "/api/v1/reels/recommended?limit=50", stranger),
            Get("reposter's reposts tab", $"/api/v1/users/{stranger.Username}/reposts/reels", follower),
            Get("saved reels", "/api/v1/users/me/saved/reels", follower),
            Get("author's notifications (like)", "/api/v1/notifications", author),
            Get("shared in a chat", $"/api/v1/conversations/{thread}/messages", author),
            Export("author's export", author), Export("follower's export", follower), Export("reposter's export", stranger),
        ];
        var markers = new[] { reelId, upload };
        await AssertShownAsync(surfaces, markers);
        Assert.Equal(1, await NumberAsync($"/api/v1/hashtags/{tag}", stranger, "reelCount"));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}", author)).EnsureNoContentAsync();
        var deletedAt = Now;
        await DrainAsync();

        await AssertGoneAsync(surfaces, markers);
        foreach (var who in new[] { author, follower })
            await (await _posts.GetAsync($"/api/v1/reels/{reelId}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(reelId.ToString(), await TextAsync("/api/v1/users/me/reels/deleted", author));
        await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertUnreadableAfterItsLifetimeAsync(oldUrl);

        await RunJobAsync("media-cleanup", deletedAt + PostWindow + CleanupGrace - TimeSpan.FromMinutes(1));
        Assert.True(await _posts.Media.ObjectExistsAsync(author, upload, "reel"), "kept while it can be restored");
        await RunJobAsync("media-cleanup", deletedAt + PostWindow + CleanupGrace + TimeSpan.FromMinutes(1));
        await AssertObjectGoneAsync(author, upload, "reel");
    }

    [Fact]
    public async Task An_unsent_message_leaves_the_thread_searches_and_both_exports_and_its_object_goes_after_the_grace()
    {
        var (sender, reader, thread) = await _dm.FriendsAsync();
        await _dm.SayAsync(sender, thread, "hello");
        var word = Unique("dmkw");
        var upload = (await _posts.UploadAsync(sender, purpose: "message")).UploadId;
        var sent = await _dm.SendMessageAsync(sender, thread, new { uploadId = upload, text = $"this {word}" });
        var message = sent.GetProperty("id").GetGuid();
        var oldUrl = UrlNaming(sent, upload);
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/messages/{message}/reaction", reader, new { emoji = "❤️" })).EnsureSuccessStatusCode();
        await DrainAsync();

        var surfaces = new[] { sender, reader }.SelectMany(who => new[]
        {
            Get("thread messages", $"/api/v1/conversations/{thread}/messages", who),
            Get("thread (last message)", $"/api/v1/conversations/{thread}", who),
            Get("inbox", "/api/v1/conversations", who),
            Get("search in the chat", $"/api/v1/conversations/{thread}/messages/search?q={word}", who),
            Get("search in all chats", $"/api/v1/conversations/messages/search?q={word}", who),
            Export("export", who),
        }).ToArray();
        var markers = new[] { message, upload };
        await AssertShownAsync(surfaces, markers);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", sender)).EnsureNoContentAsync();
        var unsentAt = Now;
        await DrainAsync();

        await AssertGoneAsync(surfaces, markers);
        foreach (var who in new[] { sender, reader })
            await (await _posts.GetAsync($"/api/v1/messages/{message}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertUnreadableAfterItsLifetimeAsync(oldUrl);

        await RunJobAsync("media-cleanup", unsentAt + CleanupGrace + TimeSpan.FromMinutes(1));
        await AssertObjectGoneAsync(sender, upload, "message");
    }

    [Fact]
    public async Task A_deleted_story_leaves_the_tray_notices_replies_and_exports_and_its_object_goes_after_its_window()
    {
        var (owner, follower, mentioned) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, owner);
        var upload = (await _posts.UploadAsync(owner, purpose: "story")).UploadId;
        var story = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/stories", owner, new
        {
            uploadId = upload, audience = "public", mentions = new[] { mentioned.Username },
            poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var storyId = story.GetProperty("id").GetGuid();
        var oldUrl = UrlNaming(story, upload);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/stories/{storyId}/poll/votes", follower, new { option = 1 })).ReadJsonAsync(HttpStatusCode.Created);
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/stories/{storyId}/reaction", follower, new { type = "like" })).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/stories/{storyId}/replies", follower, new { text = "love this!" })).EnsureSuccessStatusCode();
        var thread = await _dm.DirectAsync(follower, owner);
        var highlight = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Keep", storyIds = new[] { storyId } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await DrainAsync();

        Surface[] surfaces =
        [
            Get("follower's tray", "/api/v1/stories/tray", follower),
            Get("owner's stories", $"/api/v1/users/{owner.Username}/stories", follower),
            Get("owner's archive", "/api/v1/users/me/stories/archive", owner),
            // A highlight the deletion leaves empty is its owner's alone to see (docs/stories.md "Highlights").
            Get("highlight", $"/api/v1/highlights/{highlight}", owner),
            Get("highlights (cover)", $"/api/v1/users/{owner.Username}/highlights", owner),
            Get("owner's notifications (reaction)", "/api/v1/notifications", owner),
            Get("mentioned's notifications", "/api/v1/notifications", mentioned),
            Get("reply in the chat", $"/api/v1/conversations/{thread}/messages", owner),
            Export("owner's export", owner), Export("follower's export", follower),
        ];
        var markers = new[] { storyId, upload };
        await AssertShownAsync(surfaces, markers);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{storyId}", owner)).EnsureNoContentAsync();
        var deletedAt = Now;
        await DrainAsync();

        await AssertGoneAsync(surfaces, markers);
        foreach (var who in new[] { owner, follower })
            await (await _posts.GetAsync($"/api/v1/stories/{storyId}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(storyId.ToString(), await TextAsync("/api/v1/users/me/stories/deleted", owner));
        await AssertUnreadableAfterItsLifetimeAsync(oldUrl);

        App.Clock.Advance(deletedAt + StoryWindow - TimeSpan.FromMinutes(1) - Now);
        await RunJobAsync("story-expiry", Now);
        Assert.True(await _posts.Media.ObjectExistsAsync(owner, upload, "story"), "kept while it can be restored");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await RunJobAsync("story-expiry", Now);
        await AssertObjectGoneAsync(owner, upload, "story");
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private Surface Get(string name, string path, TestUser who) => new($"{name} ({path})", () => TextAsync(path, who));

    /// <summary>
    /// A hashtag's page or tab: shown while the post is; once the tag has no use left the caller may see it answers as an
    /// unknown tag (404 problem+json, docs/visibility.md "Hashtags"), which shows nothing either.
    /// </summary>
    private Surface TagPage(string name, string path, TestUser who) => new($"{name} ({path})", async () =>
    {
        var response = await _posts.GetAsync(path, _posts.Media.WithFreshToken(who));
        if (response.StatusCode == HttpStatusCode.NotFound) return (await response.AssertProblemAsync(HttpStatusCode.NotFound)).GetRawText();
        return await TextAsync(path, who);
    });

    /// <summary>The export without its activity log, which records acts by id (docs/events.md) — the deletion among them.</summary>
    private Surface Export(string name, TestUser who) => new(name, async () =>
    {
        var export = JsonNode.Parse(await TextAsync("/api/v1/users/me/export", who))!.AsObject();
        export.Remove("activity");
        return export.ToJsonString();
    });

    private async Task<string> TextAsync(string path, TestUser who)
    {
        var response = await _posts.GetAsync(path, _posts.Media.WithFreshToken(who));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<int> NumberAsync(string path, TestUser who, string property) =>
        JsonDocument.Parse(await TextAsync(path, who)).RootElement.GetProperty(property).GetInt32();

    private static async Task AssertShownAsync(Surface[] surfaces, Guid[] markers)
    {
        foreach (var surface in surfaces)
        {
            var text = await surface.Read();
            Assert.True(markers.Any(m => text.Contains(m.ToString(), StringComparison.OrdinalIgnoreCase)), $"Before the deletion, {surface.Name} did not show it: {text}");
        }
    }

    private static async Task AssertGoneAsync(Surface[] surfaces, Guid[] markers)
    {
        var still = new List<string>();
        foreach (var surface in surfaces)
        {
            var text = await surface.Read();
            foreach (var at in markers.Select(m => text.IndexOf(m.ToString(), StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0))
                still.Add($"{surface.Name}: …{text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 100)]}…");
        }
        Assert.True(still.Count == 0, "Still shown after the deletion:\n" + string.Join("\n", still));
    }

    /// <summary>A URL handed out before the deletion lives out its signed lifetime (docs/media.md), and not a second more.</summary>
    private async Task AssertUnreadableAfterItsLifetimeAsync(string oldUrl)
    {
        App.Clock.Advance(ReadUrlLifetime + TimeSpan.FromSeconds(1));
        Assert.NotEqual(HttpStatusCode.OK, (await App.Client.GetAsync(oldUrl)).StatusCode);
    }

    private async Task AssertObjectGoneAsync(TestUser owner, Guid upload, string purpose)
    {
        Assert.False(await _posts.Media.ObjectExistsAsync(owner, upload, purpose), "the object is still stored");
        var contentType = await _posts.ScalarAsync<string>("SELECT content_type FROM uploads WHERE id = @upload", new { upload });
        var fresh = await _posts.Media.Uploads.CreateReadUrlAsync($"{purpose}/{owner.Id:D}/{upload:D}", contentType, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync(fresh.Url)).StatusCode);
    }

    /// <summary>The signed read URL in <paramref name="body"/> that names the upload's object.</summary>
    private static string UrlNaming(JsonElement body, Guid upload)
    {
        var url = Strings(body).FirstOrDefault(s => s.StartsWith("http", StringComparison.Ordinal) && s.Contains(upload.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.True(url is not null, $"No read URL of {upload} in {body}");
        return url;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private Task DrainAsync() => App.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));

    private Task RunJobAsync(string name, DateTimeOffset at) =>
        App.Services.GetServices<IScheduledJob>().Single(j => j.Name == name).RunAsync(at, CancellationToken.None);
}
