using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// An appeal written while its suspension is being lifted. A lift closes the account's open appeals as 'lifted' in the
/// statement that deletes the suspension, from that statement's snapshot; the appeal read the suspension without a lock,
/// so one committed while the lift was under way was never closed: an open appeal of no suspension, left in the
/// moderators' queue. The appeal now holds the suspension (FOR KEY SHARE), and a lift locks it before the statement that
/// closes the appeals: whichever comes second sees the other.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AppealLiftRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task An_appeal_racing_the_lift_of_its_suspension_is_refused_or_closed_with_it()
    {
        var moderator = await _posts.ModeratorAsync();
        var account = await app.Client.RegisterAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();

        // The account's row held: the lift stops at making the account active again, its suspension already in hand.
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR NO KEY UPDATE", new { id = account.Id }, tx);
        var lift = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{account.Username}", moderator);
        var lifter = await TransactionRace.BlockedByAsync(db, holder.ProcessID, lift);
        Assert.NotNull(lifter);
        var appeal = app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = account.Username, password = account.Password, message = "Not spam." });
        await TransactionRace.BlockedByAsync(db, lifter.Value, appeal); // the appeal waits for the lift (or, unlocked, answers at once)
        await tx.CommitAsync();

        (await lift).EnsureSuccessStatusCode();
        Assert.True((await appeal).StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Created);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM suspension_appeals WHERE user_id = @id AND status = 'open'",
            new { id = account.Id }));
    }
}
