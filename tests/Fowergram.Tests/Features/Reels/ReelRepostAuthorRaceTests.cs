using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A repost and a change between the reposter and the author, committed while the repost is under way: a block either way,
/// the author going private (the reposter an approved follower, who sees the reel still) or turning reposts off. The repost
/// is held up on the reel's row (a test transaction locks it as a deletion would) after its first look, the change commits
/// through its route, then the reel is let go. The repost looked at the author and the block once, unlocked, so each change
/// still got its repost stored (204); now a block is looked for again under the pair's lock a block takes, and the author's
/// row is read share-locked, as it committed. Posts and reels share the code (Reposting), so both kinds are raced.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRepostAuthorRaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    public enum Change { AuthorBlocks, ReposterBlocks, AuthorGoesPrivate, AuthorTurnsRepostsOff }

    [Theory]
    [InlineData("reels", Change.AuthorBlocks, HttpStatusCode.NotFound)]
    [InlineData("reels", Change.ReposterBlocks, HttpStatusCode.NotFound)]
    [InlineData("reels", Change.AuthorGoesPrivate, HttpStatusCode.Conflict)]
    [InlineData("reels", Change.AuthorTurnsRepostsOff, HttpStatusCode.Forbidden)]
    [InlineData("posts", Change.AuthorBlocks, HttpStatusCode.NotFound)]
    [InlineData("posts", Change.AuthorGoesPrivate, HttpStatusCode.Conflict)]
    public async Task A_change_committed_while_the_repost_is_under_way_refuses_it_and_nothing_is_stored(string kind, Change change,
        HttpStatusCode refusal)
    {
        var (author, reposter) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var id = kind == "reels" ? await _reels.ReelIdAsync(author) : await Posts.PostIdAsync(author);
        if (change == Change.AuthorGoesPrivate) await Posts.FollowOverHttpAsync(reposter, author);
        await using var holder = await Posts.Db.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync($"SELECT id FROM {kind} WHERE id = @id FOR NO KEY UPDATE", new { id }, holding);

        var repost = Posts.SendAsync(HttpMethod.Put, $"/api/v1/{kind}/{id}/repost", reposter);
        await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, holder.ProcessID, repost);
        var changed = change switch
        {
            Change.AuthorBlocks => await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{reposter.Username}/block", author),
            Change.ReposterBlocks => await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/block", reposter),
            Change.AuthorGoesPrivate => await Posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", author, new { isPrivate = true }),
            _ => await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed = false }),
        };
        changed.EnsureSuccessStatusCode();
        await holding.RollbackAsync();

        await (await repost).AssertProblemAsync(refusal);
        var table = kind == "reels" ? "reel_reposts WHERE reel_id" : "reposts WHERE post_id";
        Assert.Equal(0L, await Posts.ScalarAsync<long>($"SELECT count(*) FROM {table} = @id", new { id }));
    }
}
