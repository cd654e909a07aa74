using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// A guest's accept and a live comment answer with a read of what they wrote (the broadcast as the guest sees it, the
/// comment's author). Read after the commit, a block or an account's deletion committed in between left nothing to read:
/// the answer was a 500 for a write that stood (a guest on the air with a key it never saw). Now the read is made inside the
/// write's transaction: what committed is answered, and what can no longer be answered is not committed.
///
/// The interleaving is forced by a trigger on the written row, for this one broadcast only (other tests' writes are
/// unaffected), dropped at the end: deferred (INITIALLY DEFERRED, run at the commit, so the change lands with the write
/// itself, just before the old post-commit read), or immediate (run in the write's statement, so the in-transaction read
/// sees it, as it sees one committed by another connection before it).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LivePostCommitReadTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    /// <summary>Runs <paramref name="write"/> with a trigger on <paramref name="table"/> that runs <paramref name="change"/> for rows of <paramref name="stream"/>.</summary>
    private static async Task<HttpResponseMessage> WithTriggerAsync(string table, Guid stream, string change, bool atCommit, Func<Task<HttpResponseMessage>> write)
    {
        var db = await TestDatabase.GetAsync();
        var name = "post_commit_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                {change};
                RETURN NULL;
            END $f$;
            CREATE {(atCommit ? "CONSTRAINT " : "")}TRIGGER {name} AFTER INSERT OR UPDATE ON {table}
                {(atCommit ? "DEFERRABLE INITIALLY DEFERRED " : "")}FOR EACH ROW WHEN (NEW.stream_id = '{stream}') EXECUTE FUNCTION {name}();
            """);
        try
        {
            return await write();
        }
        finally
        {
            await conn.ExecuteAsync($"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();");
        }
    }

    private async Task<(TestUser Host, TestUser Guest, Guid Stream)> InvitedAsync()
    {
        var (host, guest) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guest.Username}", host)).EnsureNoContentAsync();
        return (host, guest, stream);
    }

    private Task<string?> GuestRowAsync(Guid stream, TestUser guest) => _live.Posts.ScalarAsync<string?>(
        "SELECT status FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guest.Id });

    [Fact]
    public async Task A_block_landing_with_the_accepts_commit_still_answers_the_guest_its_key()
    {
        var (host, guest, stream) = await InvitedAsync();

        var response = await WithTriggerAsync("live_stream_guests", stream,
            $"INSERT INTO blocks (blocker_id, blocked_id) VALUES ('{host.Id}', '{guest.Id}') ON CONFLICT DO NOTHING", atCommit: true,
            () => _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guest));

        var joined = await response.ReadJsonAsync();
        Assert.Equal(stream, joined.GetProperty("stream").GetProperty("id").GetGuid());
        Assert.Equal(SecretToken.Hash(joined.GetProperty("streamKey").GetString()!), await _live.Posts.ScalarAsync<string>(
            "SELECT stream_key_hash FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guest.Id }));
        Assert.Equal(1L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM blocks WHERE blocker_id = @host AND blocked_id = @guest", new { host = host.Id, guest = guest.Id }));
    }

    [Fact]
    public async Task A_block_seen_before_the_accepts_commit_is_a_404_and_keeps_nothing()
    {
        var (host, guest, stream) = await InvitedAsync();

        var response = await WithTriggerAsync("live_stream_guests", stream,
            $"INSERT INTO blocks (blocker_id, blocked_id) VALUES ('{host.Id}', '{guest.Id}') ON CONFLICT DO NOTHING", atCommit: false,
            () => _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guest));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("invited", await GuestRowAsync(stream, guest));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM blocks WHERE blocker_id = @host AND blocked_id = @guest", new { host = host.Id, guest = guest.Id }));
    }

    [Fact]
    public async Task An_account_deleted_with_its_comments_commit_is_answered_the_comment_it_wrote()
    {
        var (host, author) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);

        var response = await WithTriggerAsync("live_comments", stream, $"DELETE FROM users WHERE id = '{author.Id}'", atCommit: true,
            () => _live.PostAsync($"/api/v1/live/{stream}/comments", author, new { content = "Hello from the front row" }));

        var comment = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((author.Id, author.Username), (comment.GetProperty("author").GetProperty("id").GetGuid(),
            comment.GetProperty("author").GetProperty("username").GetString()));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task An_account_deleted_before_its_comments_commit_is_a_401_and_keeps_nothing()
    {
        var (host, author) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);

        var response = await WithTriggerAsync("live_comments", stream, $"DELETE FROM users WHERE id = '{author.Id}'", atCommit: false,
            () => _live.PostAsync($"/api/v1/live/{stream}/comments", author, new { content = "Hello from the front row" }));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", new { id = author.Id }));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_comments WHERE stream_id = @stream", new { stream }));
    }
}
