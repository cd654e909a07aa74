using System.Net;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
        await FollowersAsync(creator, b); // an admin acts on others only from an accepted copy
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

    /// <summary>Each of <paramref name="members"/> follows the creator, so their copies of the creator's group are accepted.</summary>
    private async Task FollowersAsync(TestUser creator, params TestUser[] members)
    {
        foreach (var member in members) await _dm.Posts.FollowAsync(member, creator);
    }

    /// <summary>The members after the creator, the longest-standing first (joined_at, then id: the order KeepAnAdmin takes).</summary>
    private async Task<(TestUser First, TestUser Second)> InJoiningOrderAsync(Guid thread, TestUser b, TestUser c)
    {
        var first = await _dm.Posts.ScalarAsync<Guid>("""
            SELECT user_id FROM conversation_participants WHERE conversation_id = @thread AND user_id IN (@b, @c) ORDER BY joined_at, user_id LIMIT 1
            """, new { thread, b = b.Id, c = c.Id });
        return first == b.Id ? (b, c) : (c, b);
    }

    private Task<bool> IsAdminAsync(Guid thread, TestUser who) =>
        _dm.Posts.ScalarAsync<bool>("SELECT is_admin FROM conversation_participants WHERE conversation_id = @thread AND user_id = @id",
            new { thread, id = who.Id });

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")] // deleting their account (they may yet come back)
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")] // suspended
    public async Task A_group_whose_only_admin_is_no_longer_live_gets_its_longest_standing_live_member_as_admin_when_one_is_needed(string gone)
    {
        // Before: nobody could remove people or make admins in such a group, for as long as its admin stayed away.
        var (creator, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await FollowersAsync(creator, b, c);
        var thread = await _dm.GroupAsync(creator, "Crew", b, c);
        var (first, second) = await InJoiningOrderAsync(thread, b, c);
        await _dm.Posts.ExecuteAsync(gone, new { id = creator.Id });

        await (await GrantAsync(second, thread, second.Id.ToString())).AssertProblemAsync(HttpStatusCode.Forbidden); // not their turn
        Assert.False(await IsAdminAsync(thread, first)); // a refused request changes nothing
        Assert.Equal(HttpStatusCode.NoContent, (await GrantAsync(first, thread, second.Id.ToString())).StatusCode);

        Assert.True(await IsAdminAsync(thread, first));
        Assert.True(await IsAdminAsync(thread, second));
        Assert.True(await IsAdminAsync(thread, creator)); // a returning admin keeps their place
    }

    [Fact]
    public async Task The_last_live_admin_may_not_step_down_while_the_only_other_admin_is_suspended()
    {
        // The last-admin rule counted admins whose accounts are not live: the creator's step-down was a 204 that left the
        // group with no live admin, and the next admin-only action made the longest-standing live member, the creator, an
        // admin again behind their back.
        var (creator, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.GroupAsync(creator, "Crew", b, c);
        Assert.Equal(HttpStatusCode.NoContent, (await GrantAsync(creator, thread, b.Id.ToString())).StatusCode);
        await _dm.Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = b.Id });

        await (await RevokeAsync(creator, thread, "me")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await IsAdminAsync(thread, creator));

        // Taking it from the suspended admin leaves a live one, the caller: allowed.
        Assert.Equal(HttpStatusCode.NoContent, (await RevokeAsync(creator, thread, b.Id.ToString())).StatusCode);
        Assert.False(await IsAdminAsync(thread, b));
        Assert.Equal([creator.Id], await AdminsAsync(c, thread));
    }

    [Fact]
    public async Task A_purged_admin_leaves_the_group_with_another_admin()
    {
        // Before: the account's final DELETE cascaded its participant row away and left the group with no admin for good.
        var (creator, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await FollowersAsync(creator, b, c);
        var thread = await _dm.GroupAsync(creator, "Crew", b, c);
        var (first, second) = await InJoiningOrderAsync(thread, b, c);
        await _dm.Posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = creator.Id });

        await using (var conn = await _dm.Posts.Db.OpenConnectionAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            foreach (var step in app.Services.GetServices<IAccountPurgeStep>())
                while (await step.PurgeAsync(conn, tx, creator.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await Dapper.SqlMapper.ExecuteAsync(conn, "DELETE FROM users WHERE id = @id", new { id = creator.Id }, tx);
            await tx.CommitAsync();
        }

        Assert.Equal([first.Id], await AdminsAsync(second, thread));
        Assert.Equal(HttpStatusCode.NoContent,
            (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/{second.Id}", first)).StatusCode);
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one()
    {
        var (creator, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await FollowersAsync(creator, b);
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
