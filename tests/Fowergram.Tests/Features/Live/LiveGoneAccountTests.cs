using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// A token outlives its account by up to its TTL (docs/moderation.md "Suspensions": a gone account's writes are refused,
/// Problems.AccountGone). Going live and going on the air as a guest are writes: a deleted or suspended account's token gets
/// a 401 and nothing changes — no broadcast goes live, no guest slot is taken, no stream key is handed out.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGoneAccountTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_gone_broadcaster_cannot_go_live(string gone)
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.StreamIdAsync(host);
        await Posts.ExecuteAsync(gone, new { id = host.Id });

        await (await _live.PostAsync($"/api/v1/live/{stream}/start", host)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("scheduled", await _live.StatusAsync(stream));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE payload->>'streamId' = @s", new { s = stream.ToString("D") }));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_gone_account_cannot_accept_an_invitation_to_go_on_the_air(string gone)
    {
        var (host, guest) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guest.Username}", host)).EnsureNoContentAsync();
        await Posts.ExecuteAsync(gone, new { id = guest.Id });

        await (await _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guest)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(("invited", (string?)null), (await Posts.QueryAsync<(string, string?)>(
            "SELECT status, stream_key_hash FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guest.Id })).Single());
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_guest_whose_account_went_while_on_the_air_gives_its_place_to_the_next_one_who_accepts(string gone)
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var guests = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            guests.Add(await Posts.NewUserAsync());
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{guests[i].Username}", host)).EnsureNoContentAsync();
        }
        for (var i = 0; i < 3; i++) (await _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guests[i])).EnsureSuccessStatusCode();
        await Posts.ExecuteAsync(gone, new { id = guests[0].Id });

        // The list no longer shows the gone guest (live accounts only), so its place must not stay taken either.
        (await _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guests[3])).EnsureSuccessStatusCode();

        Assert.Equal(("left", (string?)null), (await Posts.QueryAsync<(string, string?)>(
            "SELECT status, stream_key_hash FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guests[0].Id })).Single());
        Assert.Equal(3L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status = 'joined'", new { stream }));
    }
    /// <summary>
    /// Deleting one's account while live ended nothing: the broadcast stayed live, hidden with its account, its guests on the
    /// air and its heartbeats taken, until the auto-end noticed silence after the token expired (and a restore within the
    /// grace brought it back live). Like a suspension, the deletion ends it (viewers' rows closed, guests off the air,
    /// live_stream.ended); a scheduled one stays for a restore, and a deleted account cannot start it.
    /// </summary>
    [Fact]
    public async Task Deleting_the_account_ends_its_live_broadcast_and_keeps_its_scheduled_one()
    {
        var account = await app.Client.RegisterAsync();
        var host = new TestUser(account.Id, account.Username, account.AccessToken);
        var guest = await Posts.NewUserAsync();
        var live = await _live.LiveStreamIdAsync(host);
        var scheduled = await _live.StreamIdAsync(host);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{live}/guests/{guest.Username}", host)).EnsureNoContentAsync();
        (await _live.PostAsync($"/api/v1/live/{live}/guest/accept", guest)).EnsureSuccessStatusCode();

        (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken))
            .EnsureSuccessStatusCode();

        Assert.Equal(("ended", "scheduled"), (await _live.StatusAsync(live), await _live.StatusAsync(scheduled)));
        Assert.Equal("left", await Posts.ScalarAsync<string>("SELECT status FROM live_stream_guests WHERE stream_id = @live", new { live }));
        Assert.Equal(1L, await Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'live_stream.ended' AND payload->>'streamId' = @s",
            new { s = live.ToString("D") }));
    }
}
