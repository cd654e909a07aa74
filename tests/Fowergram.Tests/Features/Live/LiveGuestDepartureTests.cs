using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// An account suspended or deleting itself leaves other accounts' broadcasts at once (docs/live.md "Guests"): off the air
/// (left, its stream key void) and its open invitations expired. Before, it stayed on the air with a valid key, and its
/// invitations counted against the cap of 20, until someone else accepted.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGuestDepartureTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    /// <summary>The account on the air in one broadcast and invited to another; answers the two broadcasts.</summary>
    private async Task<(Guid OnAir, Guid Invited)> GuestOfTwoAsync(TestUser guest)
    {
        var (first, second) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var (onAir, invited) = (await _live.LiveStreamIdAsync(first), await _live.LiveStreamIdAsync(second));
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{onAir}/guests/{guest.Username}", first)).EnsureNoContentAsync();
        (await _live.PostAsync($"/api/v1/live/{onAir}/guest/accept", guest)).EnsureSuccessStatusCode();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{invited}/guests/{guest.Username}", second)).EnsureNoContentAsync();
        return (onAir, invited);
    }

    private async Task AssertGoneFromAsync(TestUser guest, Guid onAir, Guid invited)
    {
        var rows = (await Posts.QueryAsync<(Guid, string, string?)>(
            "SELECT stream_id, status, stream_key_hash FROM live_stream_guests WHERE user_id = @id ORDER BY stream_id = @onAir DESC",
            new { id = guest.Id, onAir })).ToList();
        Assert.Equal([(onAir, "left", null), (invited, "expired", null)], rows);
        Assert.Equal(0L, await Posts.ScalarAsync<long>(
            "SELECT count(*) FROM live_stream_guests WHERE stream_id IN (@onAir, @invited) AND status IN ('invited', 'joined')", new { onAir, invited }));
        Assert.Equal(("live", "live"), (await _live.StatusAsync(onAir), await _live.StatusAsync(invited)));
    }

    [Fact]
    public async Task A_suspended_account_leaves_the_air_of_others_broadcasts_and_its_invitations_expire()
    {
        var guest = await Posts.NewUserAsync();
        var (onAir, invited) = await GuestOfTwoAsync(guest);

        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{guest.Username}", await Posts.ModeratorAsync(), new { reason = "spam" }))
            .EnsureSuccessStatusCode();

        await AssertGoneFromAsync(guest, onAir, invited);
    }

    [Fact]
    public async Task An_account_deleting_itself_leaves_the_air_of_others_broadcasts_and_its_invitations_expire()
    {
        var account = await app.Client.RegisterAsync();
        var guest = new TestUser(account.Id, account.Username, account.AccessToken);
        var (onAir, invited) = await GuestOfTwoAsync(guest);

        (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken))
            .EnsureSuccessStatusCode();

        await AssertGoneFromAsync(guest, onAir, invited);
    }

    /// <summary>
    /// An invitation its broadcaster made while the account's suspension or deletion was committing is not seen by the
    /// departure (it was not there yet) and stays open, as do those of accounts that went before departures existed. It is
    /// not listed and cannot be accepted; nor does it hold one of the 20 places (before, it did until the broadcast ended).
    /// </summary>
    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task An_open_invitation_left_to_a_gone_account_holds_no_place_under_the_cap(string gone)
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var left = await Posts.NewUserAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{left.Username}", host)).EnsureNoContentAsync();
        await Posts.ExecuteAsync(gone, new { id = left.Id });

        for (var i = 0; i < 20; i++)
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{(await Posts.NewUserAsync()).Username}", host))
                .EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{(await Posts.NewUserAsync()).Username}", host))
            .AssertProblemAsync(HttpStatusCode.Conflict); // a 21st live one
    }
}
