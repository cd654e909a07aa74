using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Export;

/// <summary>
/// docs/export.md "Blocks": the account's own acts that name another account are kept, but the other account is not named
/// across a block either way, and a row that is about the relation itself is left out, as the account's own lists leave it
/// out (GET /users/me/muted and the rest). Until 2026-12-07 the export named the other account's current username in its
/// reposts, collaborations and broadcast channels, and listed it among the muted, restricted, favorites, hidden-from,
/// dismissed and not-interested accounts, across a block either way.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExportBlockNamingTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_account_on_the_other_side_of_a_block_is_named_nowhere_but_the_blockers_own_blocked_list(bool otherBlocks)
    {
        var (viewer, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(other);
        await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", viewer));
        var collab = await _posts.PostIdAsync(other);
        await Ok(await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{collab}/collaborators", other, new { username = viewer.Username }));
        await Ok(await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{collab}/accept", viewer));
        var channel = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", other, new { name = "News" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Ok(await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/join", viewer));
        await _posts.FollowAsync(viewer, other);
        await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/mute", viewer, new { posts = true, stories = true }));
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Put, $"/api/v1/users/{other.Username}/restrict"),
                     (HttpMethod.Put, $"/api/v1/users/me/favorites/{other.Username}"),
                     (HttpMethod.Put, $"/api/v1/users/me/stories/hidden-from/{other.Username}"),
                     (HttpMethod.Delete, $"/api/v1/users/me/suggestions/{other.Username}"), (HttpMethod.Put, $"/api/v1/users/{other.Username}/not-interested"),
                 })
            await Ok(await _posts.SendAsync(method, path, viewer));
        var before = await ExportTextAsync(viewer);
        foreach (var section in new[] { "reposts", "collaborations", "broadcastChannels", "muted", "restricted", "favorites", "storiesHiddenFrom",
                     "dismissedSuggestions", "notInterestedAccounts" })
            Assert.Contains(other.Username, Section(before, section).GetRawText());

        var (blocker, blocked) = otherBlocks ? (other, viewer) : (viewer, other);
        await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", blocker));

        var after = await ExportTextAsync(viewer);
        var named = Sections(after).Where(s => s.Value.GetRawText().Contains(other.Username, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        Assert.Equal(otherBlocks ? [] : ["blocked"], named);
        // The account's own acts stay, the other account unnamed.
        Assert.Equal([(post, (string?)null)], Rows(after, "reposts", "postId", "author"));
        Assert.Equal([(collab, (string?)null)], Rows(after, "collaborations", "postId", "author"));
        Assert.Equal([(channel, (string?)null)], Rows(after, "broadcastChannels", "id", "owner"));
        Assert.Empty(Section(after, "muted").EnumerateArray());
    }

    /// <summary>
    /// The removed viewers and muted commenters of the account's own broadcasts are lists of accounts like <c>muted</c>: one on
    /// the other side of a block either way is left out while it stands (until 2026-12-07 named whatever blocks stood).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_broadcasts_removed_viewers_and_muted_commenters_leave_out_an_account_across_a_block(bool otherBlocks)
    {
        var (host, removed, muted, kept) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var stream = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/live", host, new { title = "Going live" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("stream").GetProperty("id").GetGuid();
        foreach (var who in new[] { removed, kept })
            await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/removed-viewers/{who.Username}", host));
        foreach (var who in new[] { muted, kept })
            await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/muted-commenters/{who.Username}", host));
        var before = Sanctioned(await ExportTextAsync(host), stream);
        Assert.Equal(new string?[] { removed.Username, kept.Username }.Order(StringComparer.Ordinal), before.Removed);
        Assert.Equal(new string?[] { muted.Username, kept.Username }.Order(StringComparer.Ordinal), before.Muted);

        foreach (var other in new[] { removed, muted })
        {
            var (blocker, blocked) = otherBlocks ? (other, host) : (host, other);
            await Ok(await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", blocker));
        }

        var after = await ExportTextAsync(host);
        var (removedNow, mutedNow) = Sanctioned(after, stream);
        Assert.Equal([kept.Username], removedNow);
        Assert.Equal([kept.Username], mutedNow);
        var named = Sections(after).Where(s => s.Value.GetRawText().Contains(removed.Username, StringComparison.Ordinal)
            || s.Value.GetRawText().Contains(muted.Username, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        Assert.Equal(otherBlocks ? [] : ["blocked"], named);
    }

    private static (List<string?> Removed, List<string?> Muted) Sanctioned(JsonElement export, Guid stream)
    {
        var broadcast = Section(export, "liveBroadcasts").EnumerateArray().Single(b => b.GetProperty("id").GetGuid() == stream);
        // Sorted here: sanctions made at one clock time are in the order of their usernames, not of the requests.
        return (broadcast.GetProperty("removedViewers").EnumerateArray().Select(u => u.GetString()).Order(StringComparer.Ordinal).ToList(),
            broadcast.GetProperty("mutedCommenters").EnumerateArray().Select(u => u.GetString()).Order(StringComparer.Ordinal).ToList());
    }

    private static async Task Ok(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonElement> ExportTextAsync(TestUser user) => await (await _posts.GetAsync("/api/v1/users/me/export", user)).ReadJsonAsync();

    private static JsonElement Section(JsonElement export, string name) => export.GetProperty(name);

    private static IEnumerable<KeyValuePair<string, JsonElement>> Sections(JsonElement export) =>
        export.EnumerateObject().Where(p => p.Name != "account").Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value));

    private static List<(Guid, string?)> Rows(JsonElement export, string section, string id, string name) =>
        Section(export, section).EnumerateArray().Select(r => (r.GetProperty(id).GetGuid(), r.GetProperty(name).GetString())).ToList();
}
