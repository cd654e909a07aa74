using System.Net;
using Dapper;
using Fowergram.Features.Moderation;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// PUT /users/me/note reads the note it wrote back in its own transaction, through a query that hides the notes of gone
/// accounts. A suspension committing after the route's liveness check and before that read (here: while the route waits for
/// the account's note lock, held by the suspending transaction) left the read empty: a 500, not the 401 of a gone account.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteSuspensionRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_note_written_while_its_author_is_being_suspended_is_refused_as_a_gone_account_and_not_kept()
    {
        var (author, moderator) = (await _posts.NewUserAsync(), await _posts.ModeratorAsync());
        await using var going = await _posts.Db.OpenConnectionAsync();
        await using (var tx = await going.BeginTransactionAsync())
        {
            // The lock the note's replacement takes first (NotesSql.Replace), held until the suspension commits.
            await going.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('notes'), hashtext(@id::text))", new { id = author.Id }, tx);
            Assert.True(await app.Services.GetRequiredService<Suspensions>().SuspendAsync(going, tx, author.Id, moderator.Id, null, "spam",
                app.Clock.GetUtcNow(), null, CancellationToken.None));
            var put = _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "pizza tonight" });
            await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, going.ProcessID, put);
            await tx.CommitAsync();
            await (await put).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM notes WHERE user_id = @id", new { id = author.Id }));
    }
}
