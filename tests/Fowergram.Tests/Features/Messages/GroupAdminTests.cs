using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>PUT/DELETE /conversations/{id}/admins/{userId}: admins make admins and take it back; a group keeps one.</summary>
[Collection(ApiCollection.Name)]
public sealed class GroupAdminTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> GrantAsync(TestUser caller, Guid thread, string who) =>
        _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/admins/{who}", caller);

    private Task<HttpResponseMessage> RevokeAsync(TestUser caller, Guid thread, string who) =>
        _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/admins/{who}", caller);

    private async Task<List<Guid>> AdminsAsync(TestUser viewer, Guid thread) =>
        (await _dm.ThreadAsync(viewer, thread)).GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()).Order().ToList();

    [Fact]
    public async Task An_admin_makes_a_member_an_admin_who_may_then_remove_people_and_either_may_step_down_but_not_the_last()
    {
        var (creator, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.GroupAsync(creator, "Crew", b, c);

        await (await GrantAsync(b, thread, c.Id.ToString())).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await GrantAsync(creator, thread, b.Id.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await GrantAsync(creator, thread, b.Id.ToString())).StatusCode);
        Assert.Equal(new[] { creator.Id, b.Id }.Order(), await AdminsAsync(c, thread));

        Assert.Equal(HttpStatusCode.NoContent, (await RevokeAsync(b, thread, creator.Id.ToString())).StatusCode);
        Assert.Equal([b.Id], await AdminsAsync(c, thread));
        await (await RevokeAsync(b, thread, "me")).AssertProblemAsync(HttpStatusCode.Conflict); // the last admin
        Assert.Equal(HttpStatusCode.NoContent, (await RevokeAsync(c, thread, "me")).StatusCode); // not one: nothing to give up
        Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/{c.Id}", b)).StatusCode);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/{b.Id}", creator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([b.Id], await AdminsAsync(creator, thread));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one()
    {
        var (creator, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.GroupAsync(creator, null, b, await _dm.NewUserAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await GrantAsync(creator, thread, b.Id.ToString())).StatusCode);

        var answers = await Task.WhenAll(RevokeAsync(creator, thread, b.Id.ToString()), RevokeAsync(b, thread, creator.Id.ToString()));

        // Under the thread's lock one goes first; the other is then no admin any more and may not demote anyone.
        Assert.Equal(new[] { HttpStatusCode.NoContent, HttpStatusCode.Forbidden }.Order(), answers.Select(a => a.StatusCode).Order());
        Assert.Single(await AdminsAsync(creator, thread));
    }

    [Fact]
    public async Task Outsiders_one_to_ones_and_people_not_in_the_group_are_refused()
    {
        var (creator, b, outsider) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var group = await _dm.GroupAsync(creator, null, b, await _dm.NewUserAsync());
        var direct = await _dm.DirectAsync(creator, b);

        await (await GrantAsync(outsider, group, outsider.Id.ToString())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await GrantAsync(creator, group, outsider.Id.ToString())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await GrantAsync(creator, group, "not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await GrantAsync(creator, direct, b.Id.ToString())).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{group}/admins/{b.Id}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal([creator.Id], await AdminsAsync(creator, group));
    }
}
