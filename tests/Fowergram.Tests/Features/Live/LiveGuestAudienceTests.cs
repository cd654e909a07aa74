using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// docs/live.md "Guests": guests are not viewers, so they are not counted in viewer_count. Accepting closes the account's own
/// viewer row (a viewer the broadcaster brings on the air was watching) and a guest on the air cannot join as a viewer; off
/// the air again, it may.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGuestAudienceTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    private Task<HttpResponseMessage> InviteAsync(TestUser host, Guid stream, string username) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{username}", host);

    [Fact]
    public async Task A_watching_viewer_who_goes_on_the_air_stops_counting_as_a_viewer_and_cannot_join_again_while_on_it()
    {
        var (host, guest, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(host);
        foreach (var viewer in new[] { guest, other }) await (await _live.PostAsync($"/api/v1/live/{stream}/join", viewer)).EnsureNoContentAsync();
        Assert.Equal(2L, (await _live.StatsAsync(stream)).Viewers);

        await (await InviteAsync(host, stream, guest.Username)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await _live.PostAsync($"/api/v1/live/{stream}/guest/accept", guest)).EnsureSuccessStatusCode();

        var (viewers, peak, _) = await _live.StatsAsync(stream);
        Assert.Equal((1L, 2L), (viewers, peak)); // the guest's watching ended when it went on the air; the peak stays
        Assert.Equal(30, await Posts.ScalarAsync<int>(
            "SELECT watch_duration FROM live_stream_viewers WHERE stream_id = @stream AND user_id = @id AND left_at IS NOT NULL", new { stream, id = guest.Id }));

        await (await _live.PostAsync($"/api/v1/live/{stream}/join", guest)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Viewers);

        await (await _live.PostAsync($"/api/v1/live/{stream}/guest/leave", guest)).EnsureNoContentAsync();
        await (await _live.PostAsync($"/api/v1/live/{stream}/join", guest)).EnsureNoContentAsync(); // off the air: a viewer again
        Assert.Equal(2L, (await _live.StatsAsync(stream)).Viewers);
    }

    [Fact]
    public async Task The_guest_list_leaves_out_guests_on_the_other_side_of_a_block_from_the_reader_but_not_from_the_broadcaster()
    {
        var host = await Posts.NewUserAsync();
        var (blocking, blocked, plain) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var viewer = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        foreach (var g in new[] { blocking, blocked, plain })
        {
            await (await InviteAsync(host, stream, g.Username)).EnsureNoContentAsync();
            (await _live.PostAsync($"/api/v1/live/{stream}/guest/accept", g)).EnsureSuccessStatusCode();
        }

        await Posts.BlockAsync(blocking, viewer); // a guest who blocks the reader
        await Posts.BlockAsync(viewer, blocked); // a guest the reader blocks

        Assert.Equal([plain.Username], await GuestNamesAsync(stream, viewer)); // as likers, comments and the pinned comment are
        var all = new[] { blocking.Username, blocked.Username, plain.Username }.Order().ToList();
        Assert.Equal(all, await GuestNamesAsync(stream, host)); // its own guests: it must reach them to take them off the air
        Assert.Equal(all, await GuestNamesAsync(stream, null));
    }

    private async Task<List<string>> GuestNamesAsync(Guid stream, TestUser? reader) =>
        (await (await _live.GetAsync($"/api/v1/live/{stream}/guests", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(g => g.GetProperty("user").GetProperty("username").GetString()!).Order().ToList();
}
