using System.Net;
using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A takedown racing its author's deletion (docs/moderation.md "Removed content and appeals"): whether the removal may be
/// appealed is what the takedown found under the target's lock, not an earlier read. A thing its author deleted while the
/// moderator's decision was on its way is made final, and a reversed appeal cannot bring it back live.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TakedownDeletionRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<Guid> ThingAsync(string kind, TestUser author) => RemovableThings.CreateAsync(app, kind, author);

    private static string TableOf(string kind) => kind switch { "post" => "posts", "reel" => "reels", "story" => "stories", _ => "igtv_videos" };

    [Theory]
    [InlineData("post")]
    [InlineData("reel")]
    [InlineData("story")]
    [InlineData("igtv_video")]
    public async Task A_thing_its_author_deletes_while_the_takedown_waits_is_made_final_and_cannot_be_appealed(string kind)
    {
        var author = await _posts.NewUserAsync();
        var thing = await ThingAsync(kind, author);
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = kind, targetId = thing, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var moderator = await _posts.ModeratorAsync();

        // The author's deletion (restorable, as theirs always is) is in flight: the thing is up in every snapshot until it commits.
        await using var authorConn = await _posts.Db.OpenConnectionAsync();
        await using var authorTx = await authorConn.BeginTransactionAsync();
        var now = Timestamps.Now(app.Clock);
        await authorConn.ExecuteAsync($"UPDATE {TableOf(kind)} SET deleted_at = @now, restorable_until = @until WHERE id = @thing",
            new { thing, now, until = now + TimeSpan.FromDays(30) }, authorTx);

        var resolving = _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", remove = true });
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, authorConn.ProcessID, resolving);
        await authorTx.CommitAsync();

        // Taken down all the same (the author's deletion made final), but nothing that was up went, so nothing may come back.
        (await resolving).EnsureSuccessStatusCode();
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>(
            "SELECT appealable_until FROM content_removals WHERE report_id = @report", new { report }));
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>($"SELECT restorable_until FROM {TableOf(kind)} WHERE id = @thing", new { thing }));
    }
}
