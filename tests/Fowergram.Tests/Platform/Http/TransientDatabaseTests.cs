using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// A request whose database session dies under it, as in a failover, on a database of its own (terminating sessions on
/// the shared one would hit other tests): a 503 with Retry-After, and the next request works on a fresh connection.
/// </summary>
public sealed class TransientDatabaseTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    [Fact]
    public async Task A_request_whose_session_is_terminated_answers_503_with_retry_after_and_the_next_one_works()
    {
        var posts = new PostsClient(scratch.App);
        var user = await posts.NewUserAsync();
        await using var conn = await posts.Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR UPDATE", new { id = user.Id }, tx);
        var edit = posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { fullName = "Waiting" });

        // Polled from a session of its own: a transaction sees pg_stat_activity as it was at its first look.
        await using var watcher = await posts.Db.OpenConnectionAsync();
        int? waiting = null;
        for (var i = 0; i < 250 && waiting is null && !edit.IsCompleted; i++)
        {
            waiting = await watcher.QuerySingleOrDefaultAsync<int?>("""
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' LIMIT 1
                """);
            if (waiting is null) await Task.Delay(20);
        }
        if (waiting is null)
        {
            var early = edit.IsCompleted ? await edit : null;
            Assert.Fail(early is null ? "No session waited." : $"The edit did not wait: {(int)early.StatusCode} {await early.Content.ReadAsStringAsync()}");
        }
        await conn.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid = waiting }, tx);

        using var response = await edit;
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("2", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        Assert.Contains("send it again", problem.GetProperty("detail").GetString());
        await tx.RollbackAsync();

        var again = await posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { fullName = "Again" });
        Assert.Equal("Again", (await again.ReadJsonAsync()).GetProperty("fullName").GetString());
    }
}
