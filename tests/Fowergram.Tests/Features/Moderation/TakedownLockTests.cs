using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A takedown is a soft delete, an edit of no key column, so it locks the thing FOR NO KEY UPDATE (docs/data-model.md
/// "Row locks"), never FOR UPDATE: that one also conflicts with the key-share lock every like's, save's or comment's
/// foreign key check holds, so taking down a popular post waited for each of them in flight. Here such a check is held
/// open while a moderator removes the thing: the removal must finish without waiting for it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TakedownLockTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("post", "posts")]
    [InlineData("reel", "reels")]
    [InlineData("story", "stories")]
    [InlineData("igtv_video", "igtv_videos")]
    public async Task A_takedown_does_not_wait_for_a_like_or_comment_in_flight(string kind, string table)
    {
        var author = await _posts.NewUserAsync();
        var thing = await RemovableThings.CreateAsync(app, kind, author);
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = kind, targetId = thing, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var moderator = await _posts.ModeratorAsync();

        // What a like's or comment's foreign key check on the thing holds until its transaction ends.
        await using var reader = await _posts.Db.OpenConnectionAsync();
        await using var inFlight = await reader.BeginTransactionAsync();
        Assert.Equal(1, await reader.ExecuteScalarAsync<int>($"SELECT 1 FROM {table} WHERE id = @thing FOR KEY SHARE", new { thing }, inFlight));

        var resolving = _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", remove = true });
        var waiting = await TransactionRace.BlockedByAsync(_posts.Db, reader.ProcessID, resolving);
        await inFlight.CommitAsync();
        Assert.True(waiting is null, $"The takedown of a {kind} waited for a key-share lock on its {table} row.");
        (await resolving).EnsureSuccessStatusCode();
        Assert.NotNull(await _posts.ScalarAsync<DateTimeOffset?>($"SELECT deleted_at FROM {table} WHERE id = @thing", new { thing }));
    }
}
