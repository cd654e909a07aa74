using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A reel's remixes list (each remix the caller may see, newest first, in keyset pages), the reel_remix notice to the
/// original's author (once, never for one's own reel nor across a block) and the export (docs/reels.md "Remixes").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRemixListTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private Task<Guid> RemixAsync(TestUser user, Guid original) => ReelRemixTests.RemixIdAsync(_reels, user, original);

    private async Task<List<Guid>> RemixesAsync(Guid reelId, TestUser? viewer) =>
        (await (await _reels.GetAsync($"/api/v1/reels/{reelId}/remixes?limit=50", viewer)).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();

    /// <summary>Reels in keyset order, (created_at, id) descending: a shared host's clock stands still, so then the ids decide.</summary>
    private async Task<List<Guid>> NewestFirstAsync(params Guid[] ids) =>
        (await _reels.Posts.QueryAsync<Guid>("SELECT id FROM reels WHERE id = ANY(@ids) ORDER BY created_at DESC, id DESC", new { ids })).ToList();

    private async Task<List<JsonElement>> RemixNoticesAsync(TestUser user) =>
        (await (await _reels.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "reel_remix").ToList();

    [Fact]
    public async Task The_remixes_list_shows_each_remix_the_caller_may_see_newest_first_in_pages()
    {
        var (author, viewer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var (open1, open2, hidden, blocker, gone) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true),
            await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var original = await _reels.ReelIdAsync(author);
        var unrelated = await _reels.ReelIdAsync(open1);
        var visible = new List<Guid> { await RemixAsync(open1, original), await RemixAsync(open2, original), await RemixAsync(viewer, original) };
        var privateRemix = await RemixAsync(hidden, original);
        var blockedRemix = await RemixAsync(blocker, original);
        var deleted = await RemixAsync(gone, original);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", gone)).EnsureNoContentAsync();
        await _reels.Posts.BlockAsync(blocker, viewer);

        var expected = await NewestFirstAsync([.. visible]);
        Assert.Equal(expected, await RemixesAsync(original, viewer));
        // The count is every live remix (as likes are counted), whoever may see which; the deleted one is off it.
        await _reels.SettleAsync([.. visible, privateRemix, blockedRemix, deleted]);
        Assert.Equal(5L, (await (await _reels.GetAsync($"/api/v1/reels/{original}", viewer)).ReadJsonAsync()).GetProperty("remixCount").GetInt64());
        Assert.Equal(0L, (await (await _reels.GetAsync($"/api/v1/reels/{visible[0]}", viewer)).ReadJsonAsync()).GetProperty("remixCount").GetInt64());
        Assert.Equal(await NewestFirstAsync([.. visible, blockedRemix]), await RemixesAsync(original, null)); // guests: public accounts
        Assert.Contains(privateRemix, await RemixesAsync(original, hidden));
        Assert.Empty(await RemixesAsync(unrelated, viewer));

        // Keyset pages of one.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _reels.GetAsync($"/api/v1/reels/{original}/remixes?limit=1{(cursor is null ? "" : $"&cursor={cursor}")}", viewer))
                .ReadJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? Uri.EscapeDataString(next.GetString()!) : null;
        } while (cursor is not null);
        Assert.Equal(expected, seen);

        // A reel the caller may not see has no list for them; bad ids, limits and cursors are refused.
        await _reels.Posts.BlockAsync(author, viewer);
        await (await _reels.GetAsync($"/api/v1/reels/{original}/remixes", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync($"/api/v1/reels/{Guid.NewGuid()}/remixes", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync("/api/v1/reels/not-a-uuid/remixes", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync($"/api/v1/reels/{original}/remixes?limit=0", null)).AssertValidationErrorAsync("limit");
        await (await _reels.GetAsync($"/api/v1/reels/{original}/remixes?cursor=nonsense", null)).AssertValidationErrorAsync("cursor");
    }

    [Fact]
    public async Task The_originals_author_hears_of_a_remix_once_and_never_of_their_own_nor_across_a_block()
    {
        var (author, remixer, later) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var original = await _reels.ReelIdAsync(author);
        var remix = await RemixAsync(remixer, original);
        var own = await RemixAsync(author, original);
        await _reels.SettleAsync(remix, own);

        var notice = Assert.Single(await RemixNoticesAsync(author));
        Assert.Equal(("reel", remix, remixer.Id), (notice.GetProperty("entityType").GetString(), notice.GetProperty("entityId").GetGuid(),
            notice.GetProperty("actor").GetProperty("id").GetGuid()));
        Assert.Equal($"{remixer.Username} remixed your reel.", notice.GetProperty("text").GetString());

        // The same event again, delivered anew: still one notice.
        var events = new EngagementEvents(app, _reels.Posts);
        var created = (await _reels.EventsAsync(remix)).Single(e => e.Type == ReelEvents.Created);
        Assert.Equal(original, created.Payload.GetProperty("remixOf").GetProperty("reelId").GetGuid());
        var again = await events.InFlightAsync(ReelEvents.Created, remixer.Id, created.Payload);
        await events.Runner.RunBatchAsync(ReelNotificationsConsumer.ConsumerName, [again, again], null, CancellationToken.None);
        Assert.Equal(1L, await events.NotificationsAsync(author.Id, "reel_remix", remix));

        // A block between them after the remix: the list hides its notice whenever it was written, and an event handled
        // under the block (the host may have handled the first delivery already: it is taken out first) writes none.
        var blocked = await RemixAsync(later, original);
        await _reels.Posts.BlockAsync(author, later);
        await _reels.SettleAsync(blocked);
        Assert.DoesNotContain(await RemixNoticesAsync(author), n => n.GetProperty("entityId").GetGuid() == blocked);
        await _reels.Posts.ExecuteAsync("DELETE FROM notifications WHERE user_id = @id AND entity_id = @blocked", new { id = author.Id, blocked });
        var underBlock = await events.InFlightAsync(ReelEvents.Created, later.Id,
            (await _reels.EventsAsync(blocked)).Single(e => e.Type == ReelEvents.Created).Payload);
        await events.Runner.RunBatchAsync(ReelNotificationsConsumer.ConsumerName, [underBlock], null, CancellationToken.None);
        Assert.Equal(0L, await events.NotificationsAsync(author.Id, "reel_remix", blocked));
        // A remix of one's own reel is raised as any remix, and tells nobody.
        Assert.True((await _reels.EventsAsync(own)).Single(e => e.Type == ReelEvents.Created).Payload.TryGetProperty("remixOf", out _));
        Assert.Equal(0L, await events.NotificationsAsync(author.Id, "reel_remix", own));
    }

    [Fact]
    public async Task A_remix_the_originals_author_may_not_see_sends_no_notice()
    {
        var (author, remixer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true));
        var original = await _reels.ReelIdAsync(author);
        var remix = await RemixAsync(remixer, original);
        await _reels.SettleAsync(remix);
        Assert.Empty(await RemixNoticesAsync(author));
    }

    [Fact]
    public async Task The_export_carries_what_a_reel_remixes_its_switch_and_the_accounts_switch()
    {
        var (author, remixer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var original = await _reels.ReelIdAsync(author);
        var remix = await RemixAsync(remixer, original);
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{remix}", remixer, new { allowRemix = false })).ReadJsonAsync(HttpStatusCode.OK);
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/reel-remixes", remixer, new { allowed = false })).ReadJsonAsync(HttpStatusCode.OK);

        var export = await (await _reels.GetAsync("/api/v1/users/me/export", remixer)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(export.GetProperty("account").GetProperty("allowReelRemixes").GetBoolean());
        var reel = export.GetProperty("reels").EnumerateArray().Single();
        Assert.Equal((remix, original, false), (reel.GetProperty("id").GetGuid(), reel.GetProperty("remixOfId").GetGuid(), reel.GetProperty("allowRemix").GetBoolean()));
        var authors = await (await _reels.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(authors.GetProperty("account").GetProperty("allowReelRemixes").GetBoolean());
        var own = authors.GetProperty("reels").EnumerateArray().Single();
        Assert.True(own.GetProperty("allowRemix").GetBoolean());
        Assert.True(!own.TryGetProperty("remixOfId", out var none) || none.ValueKind == JsonValueKind.Null);
    }
}
