using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Making a remix (migration 0141, docs/reels.md "Remixes"): of one's own reel always, else of a public account's reel whose
/// account switch and own "Allow remixing" are on; 404 for a reel the caller cannot see, 403 for one they may not remix, and
/// nothing written either way. The remix names its original only to readers who may see the original now.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRemixTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    /// <summary>POST /reels from a fresh video slot, naming <paramref name="remixOfId"/> (any JSON value) and any more members.</summary>
    internal static async Task<HttpResponseMessage> RemixAsync(ReelsClient reels, TestUser user, object? remixOfId, Guid? uploadId = null,
        object? allowRemix = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["uploadId"] = uploadId ?? (await reels.VideoAsync(user)).UploadId, ["durationSeconds"] = 10, ["remixOfId"] = remixOfId,
        };
        if (allowRemix is not null) body["allowRemix"] = allowRemix;
        return await reels.CreateAsync(user, body);
    }

    internal static async Task<Guid> RemixIdAsync(ReelsClient reels, TestUser user, Guid remixOfId) =>
        (await (await RemixAsync(reels, user, remixOfId)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static JsonElement? RemixOf(JsonElement reel) => reel.TryGetProperty("remixOf", out var original) ? original : null;

    private async Task<JsonElement> ReelAsync(Guid reelId, TestUser? viewer) =>
        await (await _reels.GetAsync($"/api/v1/reels/{reelId}", viewer)).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_public_reel_is_remixed_and_the_remix_names_it_only_while_its_reader_may_see_it()
    {
        var (author, remixer, viewer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var original = await _reels.ReelIdAsync(author, "the original");

        var remix = await (await RemixAsync(_reels, remixer, original)).ReadJsonAsync(HttpStatusCode.Created);
        var remixId = remix.GetProperty("id").GetGuid();
        Assert.Equal(original, RemixOf(remix)!.Value.GetProperty("id").GetGuid());
        Assert.Equal((author.Id, author.Username), (RemixOf(remix)!.Value.GetProperty("author").GetProperty("id").GetGuid(),
            RemixOf(remix)!.Value.GetProperty("author").GetProperty("username").GetString()));
        Assert.True(remix.GetProperty("allowRemix").GetBoolean());
        Assert.Equal(original, await _reels.Posts.ScalarAsync<Guid>("SELECT remix_of_id FROM reels WHERE id = @remixId", new { remixId }));
        Assert.Equal(original, RemixOf(await ReelAsync(remixId, null))!.Value.GetProperty("id").GetGuid()); // guests too
        Assert.False(RemixOf(await ReelAsync(original, viewer)).HasValue);

        // The original's author blocks the viewer: the viewer still sees the remix, not what it remixes.
        await _reels.Posts.BlockAsync(author, viewer);
        Assert.False(RemixOf(await ReelAsync(remixId, viewer)).HasValue);
        Assert.True(RemixOf(await ReelAsync(remixId, remixer)).HasValue);
        // The author goes private: strangers lose it too; then the original is deleted: everyone does, the remix stays.
        await _reels.Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        Assert.False(RemixOf(await ReelAsync(remixId, remixer)).HasValue);
        Assert.True(RemixOf(await ReelAsync(remixId, author)).HasValue);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{original}", author)).EnsureNoContentAsync();
        Assert.False(RemixOf(await ReelAsync(remixId, author)).HasValue);
        Assert.False(RemixOf(await ReelAsync(remixId, remixer)).HasValue);
        await (await RemixAsync(_reels, author, original)).AssertProblemAsync(HttpStatusCode.NotFound); // deleted: not even its author
    }

    [Fact]
    public async Task A_private_accounts_reel_is_403_to_a_follower_404_to_a_stranger_and_a_refusal_writes_nothing()
    {
        var (author, follower, stranger) = (await _reels.NewUserAsync(isPrivate: true), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, author);
        var original = await _reels.ReelIdAsync(author);
        var slot = await _reels.VideoAsync(follower);
        var blocker = await _reels.NewUserAsync();
        var blocked = await _reels.ReelIdAsync(blocker);
        await _reels.Posts.BlockAsync(blocker, follower);
        var outbox = await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE actor_id = @id", new { id = follower.Id });

        var forbidden = await (await RemixAsync(_reels, follower, original, slot.UploadId)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("private", forbidden.GetProperty("detail").GetString());
        await (await RemixAsync(_reels, stranger, original)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemixAsync(_reels, follower, blocked, slot.UploadId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemixAsync(_reels, follower, Guid.NewGuid(), slot.UploadId)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE user_id = ANY(@ids)",
            new { ids = new[] { follower.Id, stranger.Id } }));
        Assert.Equal("pending", await _reels.Posts.ScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id = slot.UploadId }));
        Assert.Equal(outbox, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE actor_id = @id", new { id = follower.Id }));
        // The slot is still good for a reel, and the private author may remix their own.
        await (await _reels.CreateAsync(follower, new { uploadId = slot.UploadId, durationSeconds = 10 })).ReadJsonAsync(HttpStatusCode.Created);
        await (await RemixAsync(_reels, author, original)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Remixing_turned_off_on_the_reel_or_the_account_is_403_to_others_and_never_to_the_author()
    {
        var (author, remixer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var closedSlot = await _reels.VideoAsync(author);
        var closed = await (await _reels.CreateAsync(author, new { uploadId = closedSlot.UploadId, durationSeconds = 10, allowRemix = false }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var closedId = closed.GetProperty("id").GetGuid();
        Assert.False(closed.GetProperty("allowRemix").GetBoolean());
        Assert.Contains("this reel", (await (await RemixAsync(_reels, remixer, closedId)).AssertProblemAsync(HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString());
        await (await RemixAsync(_reels, author, closedId)).ReadJsonAsync(HttpStatusCode.Created);
        var opened = await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{closedId}", author, new { allowRemix = true })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(opened.GetProperty("allowRemix").GetBoolean());
        await (await RemixAsync(_reels, remixer, closedId)).ReadJsonAsync(HttpStatusCode.Created);

        // The account switch: off, no reel of the author's may be remixed by others, and new reels start closed.
        var open = await _reels.ReelIdAsync(author);
        Assert.True((await (await _reels.GetAsync("/api/v1/users/me/reel-remixes", author)).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("allowed").GetBoolean());
        var off = await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/reel-remixes", author, new { allowed = false })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(off.GetProperty("allowed").GetBoolean());
        Assert.False((await (await _reels.GetAsync("/api/v1/users/me/reel-remixes", author)).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("allowed").GetBoolean());
        Assert.Contains("their reels", (await (await RemixAsync(_reels, remixer, open)).AssertProblemAsync(HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString());
        Assert.False((await _reels.CreateReelAsync(author)).GetProperty("allowRemix").GetBoolean());
        var insisted = await (await RemixAsync(_reels, author, open, allowRemix: true)).ReadJsonAsync(HttpStatusCode.Created); // own, and explicit
        Assert.True(insisted.GetProperty("allowRemix").GetBoolean());
        await (await RemixAsync(_reels, remixer, insisted.GetProperty("id").GetGuid())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/reel-remixes", author, new { allowed = true })).ReadJsonAsync(HttpStatusCode.OK);
        await (await RemixAsync(_reels, remixer, open)).ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>
    /// A remix carries its original's picture to the remixer's followers, so a trial not yet shared — kept from its author's
    /// followers — cannot be remixed by anyone else, as it cannot be reposted (docs/reels.md "Trial reels").
    /// </summary>
    [Fact]
    public async Task A_running_trial_cannot_be_remixed_by_others_until_it_is_shared()
    {
        var (author, stranger, follower) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, author);
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = (await _reels.VideoAsync(author)).UploadId, durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        Assert.False((await ReelAsync(trial, stranger)).GetProperty("canRemix").GetBoolean());
        var slot = await _reels.VideoAsync(stranger);
        await (await RemixAsync(_reels, stranger, trial, slot.UploadId)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await RemixAsync(_reels, follower, trial)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("pending", await _reels.Posts.ScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id = slot.UploadId }));
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE remix_of_id = @trial AND user_id <> @author",
            new { trial, author = author.Id }));
        await (await RemixAsync(_reels, author, trial)).ReadJsonAsync(HttpStatusCode.Created); // one's own, always

        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).ReadJsonAsync();
        Assert.True((await ReelAsync(trial, stranger)).GetProperty("canRemix").GetBoolean());
        await (await RemixAsync(_reels, stranger, trial, slot.UploadId)).ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>canRemix on a reel read is the remix route's own answer for that viewer, case by case (and false for guests).</summary>
    [Fact]
    public async Task CanRemix_says_what_a_remix_by_this_viewer_would_get()
    {
        var (open, closedAccount, privateAuthor) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true));
        var (other, follower) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, privateAuthor);
        var openReel = await _reels.ReelIdAsync(open);
        var closedReel = (await (await _reels.CreateAsync(open, new { uploadId = (await _reels.VideoAsync(open)).UploadId, durationSeconds = 10, allowRemix = false }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var switchedOff = await _reels.ReelIdAsync(closedAccount);
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/reel-remixes", closedAccount, new { allowed = false })).ReadJsonAsync(HttpStatusCode.OK);
        var privateReel = await _reels.ReelIdAsync(privateAuthor);

        foreach (var (reel, viewer) in new[] { (openReel, other), (openReel, open), (closedReel, other), (closedReel, open), (switchedOff, other),
                     (switchedOff, closedAccount), (privateReel, follower), (privateReel, privateAuthor) })
        {
            var canRemix = (await ReelAsync(reel, viewer)).GetProperty("canRemix").GetBoolean();
            var answer = await RemixAsync(_reels, viewer, reel);
            Assert.True(canRemix == (answer.StatusCode == HttpStatusCode.Created), $"{reel} for {viewer.Username}: canRemix {canRemix}, POST {answer.StatusCode}");
        }
        Assert.False((await ReelAsync(openReel, null)).GetProperty("canRemix").GetBoolean());
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing()
    {
        var (author, remixer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var original = await _reels.ReelIdAsync(author);

        await (await RemixAsync(_reels, remixer, Guid.Empty)).AssertValidationErrorAsync("remixOfId");
        await (await RemixAsync(_reels, remixer, "not-a-uuid")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RemixAsync(_reels, remixer, original, allowRemix: "yes")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{original}", author, new { allowRemix = (bool?)null }))
            .AssertValidationErrorAsync("allowRemix");
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{original}", remixer, new { allowRemix = false }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await ReelAsync(original, author)).GetProperty("allowRemix").GetBoolean());
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE user_id = @id", new { id = remixer.Id }));

        var reelRemixes = "/api/v1/users/me/reel-remixes";
        await (await _reels.SendAsync(HttpMethod.Put, reelRemixes, author, new { })).AssertValidationErrorAsync("allowed");
        await (await _reels.SendAsync(HttpMethod.Put, reelRemixes, author, new { allowed = "no" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.SendAsync(HttpMethod.Put, reelRemixes, null, new { allowed = false })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.GetAsync(reelRemixes, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(await _reels.Posts.ScalarAsync<bool>("SELECT allow_reel_remixes FROM users WHERE id = @id", new { id = author.Id }));
    }
}
