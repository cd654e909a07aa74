using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// A cancelled broadcast is its broadcaster's alone (docs/live.md "Visibility"), by every route's own filter
/// (LiveSql.VisibleTo) and, since migration 0242, by can_view_entity and its written-out twin Visibility.EntityFilter, which
/// the report route, the inbox and the notice consumers ask. Before 0242 a stranger's report of a cancelled broadcast was
/// accepted (201) while GET /live/{id} answered it 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveCancelledVisibilityTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    private async Task<Guid> CancelledStreamAsync(TestUser owner)
    {
        var id = (await _live.CreateStreamAsync(owner, scheduledAt: DateTimeOffset.UtcNow.AddDays(1))).GetProperty("stream").GetProperty("id").GetGuid();
        await (await _live.PostAsync($"/api/v1/live/{id}/cancel", owner)).ReadJsonAsync();
        return id;
    }

    private async Task<bool> CanViewAsync(TestUser? viewer, Guid id)
    {
        var args = new { viewer = viewer?.Id, id };
        var function = await _live.Posts.ScalarAsync<bool>("SELECT can_view_entity(@viewer, 'live_stream', @id, now())", args);
        var writtenOut = await _live.Posts.ScalarAsync<bool>(
            $"SELECT {VisibilityPolicy.EntityFilter("'live_stream'", "@id", "now()")}", args);
        Assert.True(function == writtenOut, $"can_view_entity {function}, written out {writtenOut}");
        return function;
    }

    [Fact]
    public async Task A_cancelled_broadcast_is_the_broadcasters_alone_for_can_view_entity_and_its_twin()
    {
        var (owner, follower, stranger) = (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        await _live.Posts.FollowAsync(follower, owner);
        var scheduled = (await _live.CreateStreamAsync(owner, scheduledAt: DateTimeOffset.UtcNow.AddDays(1))).GetProperty("stream").GetProperty("id").GetGuid();
        var cancelled = await CancelledStreamAsync(owner);

        Assert.True(await CanViewAsync(stranger, scheduled)); // the rule is the cancellation's, not the schedule's
        Assert.True(await CanViewAsync(owner, cancelled));
        Assert.False(await CanViewAsync(follower, cancelled));
        Assert.False(await CanViewAsync(stranger, cancelled));
        Assert.False(await CanViewAsync(null, cancelled));
    }

    [Fact]
    public async Task A_strangers_report_of_a_cancelled_broadcast_is_a_404_as_its_read_is_and_files_nothing()
    {
        var (owner, stranger) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var id = await CancelledStreamAsync(owner);

        await (await _live.GetAsync($"/api/v1/live/{id}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        var report = await _live.PostAsync("/api/v1/reports", stranger, new { targetType = "live_stream", targetId = id, reason = "spam" });

        await report.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE target_id = @id", new { id }));
    }
}
