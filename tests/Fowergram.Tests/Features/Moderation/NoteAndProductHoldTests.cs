using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Removed notes and products as time passes (docs/notes.md "Removed notes", docs/shopping.md "Removed products"), on a
/// database of its own since the clock moves: a removed product's photos outlast media-cleanup's grace until the appeal
/// window ends, then go; a note's appeal ends with its day, and one appealed in time and reversed after it comes back expired.
/// </summary>
public sealed class NoteAndProductHoldTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Window = new ModerationOptions().AppealWindow;
    private static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(5);
    private readonly ShopClient _shop = new(scratch.App);
    private TestUser? _moderator;

    private TestUser Fresh(TestUser user) => _shop.Posts.Media.WithFreshToken(user);

    private async Task<TestUser> ModeratorAsync() => Fresh(_moderator ??= await _shop.Posts.ModeratorAsync());

    private Task RunMediaCleanupAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<Guid> TakeDownAsync(TestUser reporter, string kind, Guid id)
    {
        var report = (await (await _shop.Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter,
            new { targetType = kind, targetId = id, reason = "scam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", Fresh(owner), new { message = "It is a real shop." });

    [Fact]
    public async Task A_removed_products_photos_outlast_the_grace_until_the_window_ends_and_an_appeal_then_is_refused()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await _shop.Posts.NewUserAsync());
        var (unappealed, appealed) = (await _shop.ProductAsync(seller), await _shop.ProductAsync(seller));
        var photo = unappealed.GetProperty("images")[0].GetProperty("id").GetGuid();
        var kept = appealed.GetProperty("images")[0].GetProperty("id").GetGuid();
        var removal = await TakeDownAsync(buyer, "product", unappealed.GetProperty("id").GetGuid());
        var appealedRemoval = await TakeDownAsync(buyer, "product", appealed.GetProperty("id").GetGuid());
        (await AppealAsync(seller, appealedRemoval)).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunMediaCleanupAsync();
        Assert.True(await _shop.Posts.Media.ObjectExistsAsync(seller, photo, "product")); // the seller's own delete would have let it go

        scratch.App.Clock.Advance(Window + UploadGrace);
        await RunMediaCleanupAsync();
        Assert.False(await _shop.Posts.Media.ObjectExistsAsync(seller, photo, "product"));
        Assert.True(await _shop.Posts.Media.ObjectExistsAsync(seller, kept, "product"));
        await (await AppealAsync(seller, removal)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Reversed long after the window, the appealed one is whole.
        (await _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{appealedRemoval}/decide", await ModeratorAsync(),
            new { outcome = "reversed" })).EnsureSuccessStatusCode();
        var back = await (await _shop.GetAsync($"/api/v1/products/{appealed.GetProperty("id").GetGuid()}", Fresh(buyer))).ReadJsonAsync();
        (await scratch.App.Client.GetAsync(back.GetProperty("images")[0].GetProperty("url").GetString())).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_notes_appeal_ends_with_its_day_and_one_reversed_after_it_comes_back_expired()
    {
        var (author, friend, other) = (await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync());
        foreach (var (a, b) in new[] { (author, friend), (friend, author), (other, friend), (friend, other) }) await _shop.Posts.FollowAsync(a, b);
        var late = (await (await _shop.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "cheap likes" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var kept = (await (await _shop.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", other, new { text = "cheap follows" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var lateRemoval = await TakeDownAsync(friend, "note", late);
        var keptRemoval = await TakeDownAsync(friend, "note", kept);
        (await AppealAsync(other, keptRemoval)).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(TimeSpan.FromHours(24));
        var listed = await (await _shop.Posts.GetAsync($"/api/v1/users/me/removals/{lateRemoval}", Fresh(author))).ReadJsonAsync();
        Assert.False(listed.GetProperty("canAppeal").GetBoolean());
        await (await AppealAsync(author, lateRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Reversed after its day: back as it would be had nobody removed it, expired, so in nobody's tray.
        (await _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{keptRemoval}/decide", await ModeratorAsync(),
            new { outcome = "reversed" })).EnsureSuccessStatusCode();
        Assert.True(await _shop.Posts.ScalarAsync<bool>("SELECT removed_at IS NULL FROM notes WHERE id = @kept", new { kept }));
        var tray = await (await _shop.Posts.GetAsync("/api/v1/notes", Fresh(other))).ReadJsonAsync();
        Assert.Equal(0, tray.GetProperty("items").GetArrayLength());
    }
}
