using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// The order of a guest answer's checks (docs/live.md "Guests"): whether the caller holds an open invitation comes before
/// whether the broadcast is live or has room, so an account never invited — or whose invitation was answered, withdrawn or
/// ended — hears 404 "no open invitation", never the 409 "three guests on the air" that only an invited account may act on.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGuestCheckOrderTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    private Task<HttpResponseMessage> InviteAsync(TestUser host, Guid stream, string username) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{username}", host);

    private Task<HttpResponseMessage> AnswerAsync(TestUser guest, Guid stream, string answer) => _live.PostAsync($"/api/v1/live/{stream}/guest/{answer}", guest);

    private Task<long> RowsAsync(Guid stream) => Posts.ScalarAsync<long>(
        "SELECT count(*) FROM live_stream_guests WHERE stream_id = @stream AND status IN ('invited', 'joined')", new { stream });

    [Fact]
    public async Task On_a_full_broadcast_an_account_without_an_open_invitation_gets_404_not_409()
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var (declined, withdrawn, waiting) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        foreach (var who in new[] { declined, withdrawn })
            await (await InviteAsync(host, stream, who.Username)).EnsureNoContentAsync();
        await (await AnswerAsync(declined, stream, "decline")).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/guests/{withdrawn.Username}", host)).EnsureNoContentAsync();
        var onAir = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            onAir.Add(await Posts.NewUserAsync());
            await (await InviteAsync(host, stream, onAir[i].Username)).EnsureNoContentAsync();
            (await AnswerAsync(onAir[i], stream, "accept")).EnsureSuccessStatusCode();
        }
        await (await InviteAsync(host, stream, waiting.Username)).EnsureNoContentAsync();
        var stranger = await Posts.NewUserAsync();

        // The one account the cap is about: invited, and told why it waits.
        await (await AnswerAsync(waiting, stream, "accept")).AssertProblemAsync(HttpStatusCode.Conflict);
        foreach (var who in new[] { stranger, declined, withdrawn, onAir[0] })
        {
            await (await AnswerAsync(who, stream, "accept")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await AnswerAsync(who, stream, "decline")).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(4L, await RowsAsync(stream)); // three on the air, one waiting: nothing changed

        // Ended: still 404 for an account that has no invitation (the end expired them all), not the 409 "not live".
        (await _live.PostAsync($"/api/v1/live/{stream}/end", host)).EnsureSuccessStatusCode();
        foreach (var who in new[] { stranger, waiting })
            await (await AnswerAsync(who, stream, "accept")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Leaving_is_for_a_guest_who_was_on_the_air_an_invitation_declined_or_expired_is_a_404()
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var (declined, expired, guest) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        foreach (var who in new[] { declined, expired, guest })
            await (await InviteAsync(host, stream, who.Username)).EnsureNoContentAsync();
        await (await AnswerAsync(declined, stream, "decline")).EnsureNoContentAsync();
        (await AnswerAsync(guest, stream, "accept")).EnsureSuccessStatusCode();

        await (await AnswerAsync(declined, stream, "leave")).AssertProblemAsync(HttpStatusCode.NotFound); // never on the air
        (await _live.PostAsync($"/api/v1/live/{stream}/end", host)).EnsureSuccessStatusCode();
        await (await AnswerAsync(expired, stream, "leave")).AssertProblemAsync(HttpStatusCode.NotFound); // its invitation expired with the end
        await (await AnswerAsync(guest, stream, "leave")).EnsureNoContentAsync(); // was on the air: its leave stays idempotent
        Assert.Equal(["declined", "expired", "left"], await Posts.QueryAsync<string>(
            "SELECT status FROM live_stream_guests WHERE stream_id = @stream ORDER BY status", new { stream }));
    }
}
