using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Read receipts off (migration 0124): the others in a thread no longer see how far one has read; one still sees theirs
/// (not mutual, as on Instagram), and one's own unread count is unchanged.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReadReceiptsTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task Turned_off_the_others_no_longer_see_how_far_one_read_but_one_still_sees_theirs()
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(a, b);
        await _dm.Posts.FollowAsync(b, a);
        var thread = await _dm.DirectAsync(a, b);
        var fromA = await _dm.SayAsync(a, thread, "hello");
        var fromB = await _dm.SayAsync(b, thread, "hi back");

        Assert.True((await _dm.GetJsonAsync("/api/v1/users/me/read-receipts", b)).GetProperty("visible").GetBoolean());
        var off = await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/read-receipts", b, new { visible = false })).ReadJsonAsync();
        Assert.False(off.GetProperty("visible").GetBoolean());
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", b, new { messageId = fromA })).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", a, new { messageId = fromB })).EnsureNoContentAsync();

        Assert.Empty((await _dm.ThreadAsync(a, thread)).GetProperty("readMarks").EnumerateArray()); // b's read is hidden from a
        var seenByB = Assert.Single((await _dm.ThreadAsync(b, thread)).GetProperty("readMarks").EnumerateArray());
        Assert.Equal((a.Id, fromB), (seenByB.GetProperty("userId").GetGuid(), seenByB.GetProperty("messageId").GetGuid()));
        Assert.Equal(0, (await _dm.ThreadAsync(b, thread)).GetProperty("unreadCount").GetInt32());

        // Back on: the mark kept meanwhile shows at once.
        (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/read-receipts", b, new { visible = true })).EnsureSuccessStatusCode();
        var seenByA = Assert.Single((await _dm.ThreadAsync(a, thread)).GetProperty("readMarks").EnumerateArray());
        Assert.Equal(b.Id, seenByA.GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task Bad_switches_are_400s()
    {
        var me = await _dm.NewUserAsync();
        await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/read-receipts", me, new { })).AssertValidationErrorAsync("visible");
        await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/read-receipts", me, new { visible = "no" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _dm.SendAsync(HttpMethod.Get, "/api/v1/users/me/read-receipts", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True((await _dm.GetJsonAsync("/api/v1/users/me/read-receipts", me)).GetProperty("visible").GetBoolean());
    }
}
