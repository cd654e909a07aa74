using System.Net;
using System.Text.Json;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// Guests of a live broadcast (migration 0167, docs/live.md "Guests"): the broadcaster invites (with a notice), the invited
/// account accepts with a stream key of its own, declines or later leaves; at most three on the air, exactly, however many
/// accept at once; the broadcaster withdraws or removes; the broadcast's end closes what is open. Anyone else is refused.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGuestTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    private Task<HttpResponseMessage> InviteAsync(TestUser host, Guid stream, string username) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{username}", host);

    private Task<HttpResponseMessage> WithdrawAsync(TestUser host, Guid stream, string username) =>
        Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/guests/{username}", host);

    private Task<HttpResponseMessage> AnswerAsync(TestUser guest, Guid stream, string answer) => _live.PostAsync($"/api/v1/live/{stream}/guest/{answer}", guest);

    private async Task<List<(string Username, string Status)>> GuestsAsync(Guid stream, TestUser? viewer) =>
        (await (await _live.GetAsync($"/api/v1/live/{stream}/guests", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(g => (g.GetProperty("user").GetProperty("username").GetString()!, g.GetProperty("status").GetString()!)).ToList();

    private Task<string?> RowStatusAsync(Guid stream, TestUser guest) => Posts.ScalarAsync<string?>(
        "SELECT status FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guest.Id });

    [Fact]
    public async Task An_invited_follower_is_notified_accepts_with_a_key_of_its_own_and_is_on_the_air_for_every_viewer()
    {
        var (host, guest, viewer) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);

        for (var i = 0; i < 2; i++) await (await InviteAsync(host, stream, guest.Username)).EnsureNoContentAsync(); // idempotent

        Assert.Equal(1L, await Posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @guest AND actor_id = @host AND type = 'live_invite' AND entity_id = @stream",
            new { guest = guest.Id, host = host.Id, stream }));
        var notice = (await (await _live.GetAsync("/api/v1/notifications", guest)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "live_invite");
        Assert.Equal(($"{host.Username} invited you to go live with them.", stream), (notice.GetProperty("text").GetString(), notice.GetProperty("entityId").GetGuid()));
        var invitations = await (await _live.GetAsync("/api/v1/users/me/live-invitations", guest)).ReadJsonAsync();
        Assert.Equal([stream], LiveClient.Ids(invitations));
        Assert.Equal([(guest.Username, "invited")], await GuestsAsync(stream, host));
        Assert.Empty(await GuestsAsync(stream, viewer)); // an open invitation is the broadcaster's to see

        var joined = await (await AnswerAsync(guest, stream, "accept")).ReadJsonAsync();

        var key = joined.GetProperty("streamKey").GetString()!;
        Assert.StartsWith("rtmps://", joined.GetProperty("ingestUrl").GetString());
        Assert.Equal(stream, joined.GetProperty("stream").GetProperty("id").GetGuid());
        Assert.Equal(SecretToken.Hash(key), await Posts.ScalarAsync<string>(
            "SELECT stream_key_hash FROM live_stream_guests WHERE stream_id = @stream AND user_id = @id", new { stream, id = guest.Id }));
        Assert.Equal([(guest.Username, "joined")], await GuestsAsync(stream, viewer));
        Assert.Equal([(guest.Username, "joined")], await GuestsAsync(stream, null)); // a guest of the app sees it too
        Assert.Empty(LiveClient.Ids(await (await _live.GetAsync("/api/v1/users/me/live-invitations", guest)).ReadJsonAsync()));
        await (await InviteAsync(host, stream, guest.Username)).EnsureNoContentAsync(); // on the air: nothing changes
        Assert.Equal("joined", await RowStatusAsync(stream, guest));

        await (await AnswerAsync(guest, stream, "leave")).EnsureNoContentAsync();
        await (await AnswerAsync(guest, stream, "leave")).EnsureNoContentAsync(); // again: 204
        Assert.Empty(await GuestsAsync(stream, viewer));
        Assert.Null(await Posts.ScalarAsync<string?>("SELECT stream_key_hash FROM live_stream_guests WHERE stream_id = @stream", new { stream }));
        await (await AnswerAsync(guest, stream, "accept")).AssertProblemAsync(HttpStatusCode.NotFound); // no open invitation
    }

    private async Task<List<Guid>> InviteNoticesAsync(TestUser reader) =>
        (await (await _live.GetAsync("/api/v1/notifications", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Where(n => n.GetProperty("type").GetString() == "live_invite").Select(n => n.GetProperty("id").GetGuid()).ToList();

    private async Task<long> UnreadAsync(TestUser reader) =>
        (await (await _live.GetAsync("/api/v1/notifications/unread-count", reader)).ReadJsonAsync()).GetProperty("count").GetInt64();

    [Fact]
    public async Task An_invitation_notice_shows_while_its_invitation_is_open_and_not_after_an_answer_a_withdrawal_or_the_end()
    {
        var host = await Posts.NewUserAsync();
        var (accepting, declining, withdrawn, waiting) =
            (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        foreach (var g in new[] { accepting, declining, withdrawn, waiting }) await (await InviteAsync(host, stream, g.Username)).EnsureNoContentAsync();
        foreach (var g in new[] { accepting, declining, withdrawn, waiting })
            Assert.Equal((1, 1L), ((await InviteNoticesAsync(g)).Count, await UnreadAsync(g)));

        (await AnswerAsync(accepting, stream, "accept")).EnsureSuccessStatusCode();
        await (await AnswerAsync(declining, stream, "decline")).EnsureNoContentAsync();
        await (await WithdrawAsync(host, stream, withdrawn.Username)).EnsureNoContentAsync();

        foreach (var g in new[] { accepting, declining, withdrawn }) Assert.Equal((0, 0L), ((await InviteNoticesAsync(g)).Count, await UnreadAsync(g)));
        // Asked again after declining: the new invitation's notice shows, the answered one's does not come back with it.
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // the test clock stands still; a real one moved on since the first
        await (await InviteAsync(host, stream, declining.Username)).EnsureNoContentAsync();
        Assert.Equal((1, 1L), ((await InviteNoticesAsync(declining)).Count, await UnreadAsync(declining)));

        (await _live.PostAsync($"/api/v1/live/{stream}/end", host)).EnsureSuccessStatusCode();

        foreach (var g in new[] { declining, waiting }) Assert.Equal((0, 0L), ((await InviteNoticesAsync(g)).Count, await UnreadAsync(g)));
        Assert.Equal(5L, await Posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE actor_id = @id AND type = 'live_invite'",
            new { id = host.Id })); // kept, not shown: nothing is deleted
    }

    [Fact]
    public async Task Three_guests_at_most_however_many_accept_at_once_and_the_rest_keep_their_invitation()
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var guests = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            guests.Add(await Posts.NewUserAsync());
            await (await InviteAsync(host, stream, guests[i].Username)).EnsureNoContentAsync();
        }

        var answers = await Task.WhenAll(guests.Select(g => AnswerAsync(g, stream, "accept")));

        Assert.Equal([200, 200, 200, 409, 409, 409], answers.Select(a => (int)a.StatusCode).Order());
        Assert.Equal(3L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status = 'joined'", new { stream }));
        Assert.Equal(3L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status = 'invited'", new { stream }));
        // One leaves: a waiting one now gets on.
        var onAir = guests.Where((_, i) => answers[i].StatusCode == HttpStatusCode.OK).ToList();
        var waiting = guests.Where((_, i) => answers[i].StatusCode != HttpStatusCode.OK).ToList();
        await (await AnswerAsync(onAir[0], stream, "leave")).EnsureNoContentAsync();
        (await AnswerAsync(waiting[0], stream, "accept")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_broadcaster_withdraws_and_removes_an_invited_account_declines_and_the_end_closes_what_is_open()
    {
        var host = await Posts.NewUserAsync();
        var (declining, withdrawn, removed, onAir, waiting) =
            (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        foreach (var g in new[] { declining, withdrawn, removed, onAir, waiting }) await (await InviteAsync(host, stream, g.Username)).EnsureNoContentAsync();
        foreach (var g in new[] { removed, onAir }) (await AnswerAsync(g, stream, "accept")).EnsureSuccessStatusCode();

        await (await AnswerAsync(declining, stream, "decline")).EnsureNoContentAsync();
        await (await WithdrawAsync(host, stream, withdrawn.Username)).EnsureNoContentAsync();
        await (await WithdrawAsync(host, stream, removed.Username)).EnsureNoContentAsync();
        await (await WithdrawAsync(host, stream, removed.Username)).EnsureNoContentAsync(); // nothing left: 204

        Assert.Equal(("declined", (string?)null, "removed"), (await RowStatusAsync(stream, declining), await RowStatusAsync(stream, withdrawn),
            await RowStatusAsync(stream, removed)));
        await (await AnswerAsync(withdrawn, stream, "accept")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([(onAir.Username, "joined"), (waiting.Username, "invited")], await GuestsAsync(stream, host));
        // Asked again after declining: invited once more, with a new notice.
        await (await InviteAsync(host, stream, declining.Username)).EnsureNoContentAsync();
        Assert.Equal("invited", await RowStatusAsync(stream, declining));
        Assert.Equal(2L, await Posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'live_invite'", new { id = declining.Id }));

        (await _live.PostAsync($"/api/v1/live/{stream}/end", host)).EnsureSuccessStatusCode();

        Assert.Equal(("left", "expired", "expired"), (await RowStatusAsync(stream, onAir), await RowStatusAsync(stream, waiting),
            await RowStatusAsync(stream, declining)));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND stream_key_hash IS NOT NULL",
            new { stream }));
        await (await AnswerAsync(waiting, stream, "accept")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await InviteAsync(host, stream, waiting.Username)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_broadcaster_takes_a_guest_it_blocked_off_the_air()
    {
        var host = await Posts.NewUserAsync();
        var (blocked, blocker) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        foreach (var g in new[] { blocked, blocker })
        {
            await (await InviteAsync(host, stream, g.Username)).EnsureNoContentAsync();
            (await AnswerAsync(g, stream, "accept")).EnsureSuccessStatusCode();
        }

        // A block either way leaves the guest on the air, its key valid; the broadcaster must still be able to take it off.
        await Posts.BlockAsync(host, blocked);
        await Posts.BlockAsync(blocker, host);
        foreach (var g in new[] { blocked, blocker })
        {
            await (await WithdrawAsync(host, stream, g.Username)).EnsureNoContentAsync();
            Assert.Equal("removed", await RowStatusAsync(stream, g));
        }
        Assert.Empty(await GuestsAsync(stream, host));
        // Someone never invited is still unknown to the broadcaster through this route.
        await (await WithdrawAsync(host, stream, "nobody-" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_the_broadcaster_removes_leaves_the_air_and_only_accounts_that_may_see_the_broadcast_are_invited()
    {
        var host = await Posts.NewUserAsync(isPrivate: true);
        var (guest, stranger, blocked) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(guest, host); // a follower of the private broadcaster
        var stream = await _live.LiveStreamIdAsync(host);
        await (await InviteAsync(host, stream, guest.Username)).EnsureNoContentAsync();
        (await AnswerAsync(guest, stream, "accept")).EnsureSuccessStatusCode();

        // A private broadcaster's stranger cannot see the broadcast, so cannot be invited.
        await (await InviteAsync(host, stream, stranger.Username)).AssertProblemAsync(HttpStatusCode.Conflict);
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", host)).EnsureSuccessStatusCode();
        await (await InviteAsync(host, stream, blocked.Username)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/removed-viewers/{guest.Username}", host)).EnsureNoContentAsync();

        Assert.Equal("left", await RowStatusAsync(stream, guest));
        await (await InviteAsync(host, stream, guest.Username)).AssertProblemAsync(HttpStatusCode.Conflict); // removed: cannot see it
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND user_id IN (@s, @b)",
            new { stream, s = stranger.Id, b = blocked.Id }));
    }

    [Fact]
    public async Task Asking_again_at_the_cap_of_open_invitations_changes_nothing_and_is_no_conflict()
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var invited = new List<TestUser>();
        for (var i = 0; i < 20; i++)
        {
            invited.Add(await Posts.NewUserAsync());
            await (await InviteAsync(host, stream, invited[^1].Username)).EnsureNoContentAsync();
        }
        await (await InviteAsync(host, stream, (await Posts.NewUserAsync()).Username)).AssertProblemAsync(HttpStatusCode.Conflict); // a 21st

        // docs/live.md: asking again while invited or on the air changes nothing — a 204, as for any idempotent PUT, at the cap too.
        await (await InviteAsync(host, stream, invited[0].Username)).EnsureNoContentAsync();
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(invited[1], stream, "accept")).StatusCode);
        await (await InviteAsync(host, stream, (await Posts.NewUserAsync()).Username)).EnsureNoContentAsync(); // the 20th open again
        await (await InviteAsync(host, stream, invited[1].Username)).EnsureNoContentAsync(); // on the air
        Assert.Equal("joined", await RowStatusAsync(stream, invited[1]));
        Assert.Equal(20L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status = 'invited'",
            new { stream }));
    }

    [Fact]
    public async Task Bad_requests_and_other_accounts_are_refused_and_change_nothing()
    {
        var (host, guest, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var scheduled = await _live.StreamIdAsync(host);
        var live = await _live.LiveStreamIdAsync(await Posts.NewUserAsync()); // someone else's

        await (await InviteAsync(host, scheduled, guest.Username)).AssertProblemAsync(HttpStatusCode.Conflict); // not live
        await (await InviteAsync(host, live, guest.Username)).AssertProblemAsync(HttpStatusCode.NotFound); // not the caller's
        await (await InviteAsync(host, scheduled, host.Username)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await InviteAsync(host, scheduled, "nobody-" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await InviteAsync(host, Guid.NewGuid(), guest.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/not-an-id/guests/{guest.Username}", host)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{scheduled}/guests/{guest.Username}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await WithdrawAsync(other, scheduled, guest.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var answer in new[] { "accept", "decline", "leave" })
        {
            await (await AnswerAsync(other, live, answer)).AssertProblemAsync(HttpStatusCode.NotFound); // never invited
            await (await _live.PostAsync($"/api/v1/live/{Guid.NewGuid()}/guest/{answer}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _live.GetAsync($"/api/v1/live/{Guid.NewGuid()}/guests", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.GetAsync("/api/v1/users/me/live-invitations?limit=0", other)).AssertValidationErrorAsync("limit");
        await (await _live.GetAsync("/api/v1/users/me/live-invitations", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_guests WHERE stream_id IN (@scheduled, @live)",
            new { scheduled, live }));
    }
}
