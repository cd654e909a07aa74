using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A reversed appeal bringing a removed reply back while a moderator removes the comment it answers (docs/moderation.md
/// "Removed content and appeals"): the reply must not stay live under a deleted comment, where nobody can read it yet the
/// post counts it. The reinstatement holds the thread as a new reply does, so the removal waits for it and takes it along.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReinstatedReplyRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("comment", "comments")]
    [InlineData("reel_comment", "reel_comments")]
    [InlineData("igtv_comment", "igtv_comments")]
    public async Task A_reply_coming_back_while_its_comment_is_removed_goes_with_the_comment(string kind, string table)
    {
        var (writer, replier, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (path, thing) = kind switch
        {
            "comment" => ("posts", await _posts.PostIdAsync(owner)),
            "reel_comment" => ("reels", await new ReelsClient(app).ReelIdAsync(owner)),
            _ => ("videos", await new VideosClient(app).VideoIdAsync(owner)),
        };
        var comment = await CommentAsync(writer, path, thing, "first", null);
        var reply = await CommentAsync(replier, path, thing, "you are wrong", comment);
        var replyRemoval = await TakeDownAsync(kind, reply);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{replyRemoval}/appeal", replier,
            new { message = "It was a fair answer." })).EnsureSuccessStatusCode();
        var commentReport = await ReportAsync(kind, comment);

        // The decision's notice to the replier waits on the replier's row: the reply is back, uncommitted, while it waits.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @Id FOR UPDATE", new { replier.Id }, hold);
        var reversal = _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{replyRemoval}/decide", await _posts.ModeratorAsync(),
            new { outcome = "reversed", notes = "looked again" });
        var reversalBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, reversal);
        Assert.NotNull(reversalBackend);

        var removal = _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{commentReport}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true });
        // The removal waits for the reply's return (and then takes it along); without that lock it finished first, and the
        // reply came back under a removed comment.
        var removalWaited = await TransactionRace.BlockedByAsync(db, reversalBackend.Value, removal);
        await hold.CommitAsync();

        foreach (var answer in await Task.WhenAll(reversal, removal))
            Assert.True((int)answer.StatusCode < 500, $"A decision answered {(int)answer.StatusCode}.");
        Assert.Equal(0L, await _posts.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE id IN (@comment, @reply) AND deleted_at IS NULL",
            new { comment, reply }));
        Assert.NotNull(removalWaited);
    }

    private async Task<Guid> TakeDownAsync(string kind, Guid id)
    {
        var report = await ReportAsync(kind, id);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private async Task<Guid> ReportAsync(string kind, Guid id) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = kind, targetId = id, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> CommentAsync(TestUser user, string path, Guid thing, string content, Guid? parentId) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{path}/{thing}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
