using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A token outlives its account by up to its TTL (docs/messages.md "Admins", Problems.AccountGone): an admin deleted or
/// suspended since it was issued cannot rename the group, remove its members or change its admins — a 401 that changes
/// nothing, as every other write of a gone account. Before, each went through. Its own retreats (leaving, stepping down,
/// its own copy's flags) stay open, as a gone account's edits of what is its own do.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GroupGoneCallerTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_gone_admin_cannot_rename_remove_members_or_change_admins(string gone)
    {
        var (admin, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.GroupAsync(admin, "Crew", b, c);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/admins/{b.Id}", admin)).EnsureNoContentAsync();
        await _dm.Posts.ExecuteAsync(gone, new { id = admin.Id });

        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", admin, new { name = "Mine now" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/{c.Id}", admin))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/admins/{c.Id}", admin))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/admins/{b.Id}", admin))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(("Crew", 3L, 2L), (await _dm.Posts.QueryAsync<(string, long, long)>("""
            SELECT c.group_name, count(*) FILTER (WHERE cp.left_at IS NULL), count(*) FILTER (WHERE cp.is_admin)
              FROM conversations c JOIN conversation_participants cp ON cp.conversation_id = c.id WHERE c.id = @thread GROUP BY c.group_name
            """, new { thread })).Single());

        // What is its own stays its own: it may still step down and leave.
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/admins/me", admin)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", admin)).EnsureNoContentAsync();
    }
}
