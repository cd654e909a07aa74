using System.Net;
using Dapper;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// An invitation sent while the account's suspension or deletion commits (docs/live.md "Guests"): the departure ran in a
/// transaction still open when the broadcaster invited, so it could not see the invitation. The invitation now waits for
/// the account's going and is refused (404, as for any gone account), or — for the broadcaster's own going — finds its
/// broadcast ended. Before, a guest's invitation was written at once and stayed open to a gone account.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveInvitationDepartureRaceTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    /// <summary>
    /// In <paramref name="tx"/>, what a suspension or a deletion does before its commit, as far as live goes: the account
    /// marked, then every departure (a deletion's own live broadcast ends after them, as a suspension's does inside it).
    /// </summary>
    private async Task GoAsync(string how, TestUser account, NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        var now = app.Clock.GetUtcNow();
        if (how == "suspension")
        {
            var moderator = await Posts.ModeratorAsync();
            Assert.True(await app.Services.GetRequiredService<Suspensions>().SuspendAsync(conn, tx, account.Id, moderator.Id, null, "spam", now, null,
                CancellationToken.None));
            return;
        }
        await conn.ExecuteAsync("UPDATE users SET deleted_at = @now, updated_at = @now WHERE id = @id", new { now, id = account.Id }, tx);
        foreach (var departure in app.Services.GetServices<IAccountDeparture>())
            await departure.DepartAsync(conn, tx, account.Id, now, CancellationToken.None);
    }

    private Task<long> OpenInvitationsAsync(Guid stream) => Posts.ScalarAsync<long>(
        "SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status = 'invited'", new { stream });

    /// <summary>Asked again of an account already invited, the departure holds the broadcast too: the same order, no deadlock.</summary>
    [Theory]
    [InlineData("suspension", false)]
    [InlineData("deletion", false)]
    [InlineData("suspension", true)]
    [InlineData("deletion", true)]
    public async Task An_invitation_to_an_account_whose_going_is_committing_waits_and_is_refused(string how, bool again)
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var guest = await Posts.NewUserAsync();
        if (again) await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guest.Username}", host)).EnsureNoContentAsync();
        await using var going = await Posts.Db.OpenConnectionAsync();
        await using var tx = await going.BeginTransactionAsync();
        await GoAsync(how, guest, going, tx);

        var inviting = Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guest.Username}", host);
        // Before the fix the invitation did not wait: written at once, it was not there for the departure, which had run.
        await TransactionRace.BlockedByAsync(Posts.Db, going.ProcessID, inviting);
        await tx.CommitAsync();

        await (await inviting).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await OpenInvitationsAsync(stream));
    }

    [Fact]
    public async Task An_invitation_by_a_broadcaster_whose_suspension_is_committing_waits_and_leaves_nothing_open()
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var guest = await Posts.NewUserAsync();
        await using var going = await Posts.Db.OpenConnectionAsync();
        await using var tx = await going.BeginTransactionAsync();
        await GoAsync("suspension", host, going, tx);

        // The suspension holds the broadcast (its departure locked it, its takedown ended it): the invitation waits for it.
        var inviting = Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guest.Username}", host);
        await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, going.ProcessID, inviting);
        await tx.CommitAsync();

        // The broadcaster's own token is a gone account's now: 401, as for its every live write (LiveGoneBroadcasterModerationTests).
        await (await inviting).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await OpenInvitationsAsync(stream));
        Assert.Equal("ended", await _live.StatusAsync(stream));
    }
}
