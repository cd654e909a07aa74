using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Writes that answer with the post (POST /posts, PATCH /posts/{id}, accepting a collab invitation) read it in their own
/// transaction. Read after the commit, a deletion or a block committing in between made the answer a 404 for a write that
/// had been kept. Here the post's read is held back by a table lock (on reposts, which the read counts and none of these
/// writes touches) while the racing change commits.
/// </summary>
[Collection(TableLockCollection.Name)]
public sealed class PostWriteAnswerRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_post_created_and_deleted_at_once_answers_201_with_the_post_it_created()
    {
        var author = await _posts.NewUserAsync();
        var slot = await _posts.UploadAsync(author);
        await using var gate = await HoldPostReadsAsync();
        var creating = _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media = new[] { new { uploadId = slot.UploadId } }, caption = "kept" });
        await WaitForHeldReadAsync(gate, creating);
        // Whatever of the author's is committed by now is deleted by the author (another device), before the answer is read.
        var found = (await _posts.QueryAsync<Guid>("SELECT id FROM posts WHERE user_id = @id AND deleted_at IS NULL", new { id = author.Id })).ToList();
        foreach (var id in found)
            await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{id}", author)).EnsureNoContentAsync();
        await gate.DisposeAsync();

        // Before the fix: 404, though the post had been created (and was then in the author's "Recently deleted").
        var post = await (await creating).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("kept", post.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task An_edit_racing_the_authors_deletion_answers_200_with_the_post_it_edited()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, "before");
        await using var gate = await HoldPostReadsAsync();
        var editing = _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{post}", author, new { caption = "after" });
        var edit = await WaitForHeldReadAsync(gate, editing);
        var deleting = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author);
        // The deletion either waits for the edit's row lock (the edit answers first) or commits before the edit's answer is read.
        await TransactionRace.BlockedByAsync(_posts.Db, edit, deleting);
        await gate.DisposeAsync();

        // Before the fix: 404, though the edit had been committed.
        var edited = await (await editing).ReadJsonAsync();
        Assert.Equal("after", edited.GetProperty("caption").GetString());
        await (await deleting).EnsureNoContentAsync();
        Assert.Equal("after", await _posts.ScalarAsync<string>("SELECT caption FROM posts WHERE id = @post", new { post }));
    }

    [Fact]
    public async Task Taking_an_item_out_of_a_carousel_racing_the_posts_deletion_answers_200_with_the_post_without_it()
    {
        var author = await _posts.NewUserAsync();
        var created = await _posts.CreatePostAsync(author, mediaCount: 2);
        var post = created.GetProperty("id").GetGuid();
        var item = created.GetProperty("media")[0].GetProperty("id").GetGuid();
        await using var gate = await HoldPostReadsAsync();
        var removing = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/media/{item}", author);
        var removal = await WaitForHeldReadAsync(gate, removing);
        var deleting = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author);
        await TransactionRace.BlockedByAsync(_posts.Db, removal, deleting);
        await gate.DisposeAsync();

        // Before the fix: 404, though the item had been taken out.
        var left = await (await removing).ReadJsonAsync();
        Assert.Equal(1, left.GetProperty("media").GetArrayLength());
        await (await deleting).EnsureNoContentAsync();
    }

    [Fact]
    public async Task A_restore_racing_the_authors_deletion_answers_200_with_the_post_it_restored()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, "back");
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        await using var gate = await HoldPostReadsAsync();
        var restoring = _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/restore", author);
        var restore = await WaitForHeldReadAsync(gate, restoring);
        var deleting = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author);
        await TransactionRace.BlockedByAsync(_posts.Db, restore, deleting);
        await gate.DisposeAsync();

        // Before the fix: 404, though the post had been restored (and was then deleted again).
        Assert.Equal("back", (await (await restoring).ReadJsonAsync()).GetProperty("caption").GetString());
        // The deletion began while the post was still deleted (its snapshot's row does not match, so it does not wait for the
        // restore: 404), or after the restore's commit (204); the post is as the one that answered last left it.
        var deleted = await deleting;
        Assert.Contains(deleted.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound });
        Assert.Equal(deleted.StatusCode == HttpStatusCode.NoContent,
            await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM posts WHERE id = @post", new { post }));
    }

    [Fact]
    public async Task An_acceptance_racing_the_authors_block_is_a_404_that_accepts_nothing()
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username = invitee.Username }))
            .EnsureNoContentAsync();
        await using var gate = await HoldPostReadsAsync();
        var accepting = _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{post}/accept", invitee);
        await WaitForHeldReadAsync(gate, accepting);
        await _posts.BlockAsync(author, invitee);
        await gate.DisposeAsync();

        // Before the fix: the 404 came after the acceptance had committed (the invitee a co-author, the author told).
        await (await accepting).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM post_collaborators WHERE post_id = @post AND accepted_at IS NOT NULL", new { post }));
    }

    /// <summary>A transaction holding reposts exclusively: every post view's read waits until it is disposed (rolled back).</summary>
    private async Task<Gate> HoldPostReadsAsync()
    {
        var conn = await _posts.Db.OpenConnectionAsync();
        var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("LOCK TABLE reposts IN ACCESS EXCLUSIVE MODE", transaction: tx);
        return new Gate(conn, tx);
    }

    /// <summary>Until the request's post view read waits for the gate (bounded); its backend's pid.</summary>
    private async Task<int> WaitForHeldReadAsync(Gate gate, Task request)
    {
        await using var conn = await _posts.Db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!request.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<int?>("""
                    SELECT pid FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid)) AND query LIKE '%AS repost_count%' LIMIT 1
                    """, new { pid = gate.Connection.ProcessID }) is { } waiting)
                return waiting;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        Assert.Fail("The request's read of the post did not wait for the gate.");
        return 0;
    }

    /// <summary>The gate's transaction; disposing it (once or again) rolls it back and lets the reads through.</summary>
    private sealed class Gate(NpgsqlConnection connection, NpgsqlTransaction tx) : IAsyncDisposable
    {
        private bool _open = true;

        public NpgsqlConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            if (!_open) return;
            _open = false;
            await tx.RollbackAsync();
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
