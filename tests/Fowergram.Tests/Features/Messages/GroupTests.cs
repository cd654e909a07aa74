using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Group threads: admins, members joining later, removing and leaving.</summary>
[Collection(ApiCollection.Name)]
public sealed class GroupTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private static List<Guid> Members(System.Text.Json.JsonElement thread) =>
        thread.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_group_has_its_creator_as_admin_and_anyone_in_it_may_rename_it()
    {
        var creator = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var c = await _dm.NewUserAsync();
        var created = await _dm.OpenAsync(creator, new { userIds = new[] { b.Id, c.Id }, name = " Hiking  " });
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal((true, "Hiking"), (created.GetProperty("isGroup").GetBoolean(), created.GetProperty("name").GetString()));
        Assert.Equal([creator.Id], created.GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal([id], await _dm.FolderAsync(b, "requests")); // a group from a stranger is a request too
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", b)).EnsureNoContentAsync();
        var renamed = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", b, new { name = "Hiking 2027" })).ReadJsonAsync();
        Assert.Equal("Hiking 2027", renamed.GetProperty("name").GetString());
        var named = await _dm.OpenAsync(creator, new { userIds = new[] { b.Id }, name = "Just us" });
        Assert.True(named.GetProperty("isGroup").GetBoolean());
    }

    /// <summary>
    /// A new name or a new member is shown to the whole group, and tells it that whoever did it read the group: from a copy
    /// that is still a request (which never shows it was read) both are a 409 until it is accepted or answered, and nothing
    /// changes. Archiving and muting stay open: the others never see them.
    /// </summary>
    [Fact]
    public async Task A_member_whose_copy_is_still_a_request_neither_renames_the_group_nor_adds_people()
    {
        var (creator, b, c, d) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.GroupAsync(creator, "Hiking", b, c);

        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", b, new { name = "Hijacked" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", b, new { userIds = new[] { d.Id } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var seen = await _dm.ThreadAsync(creator, id);
        Assert.Equal("Hiking", seen.GetProperty("name").GetString());
        Assert.DoesNotContain(d.Id, Members(seen));
        Assert.True((await _dm.ThreadAsync(b, id)).GetProperty("status").GetString() == "request");
        (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", b, new { isMuted = true })).EnsureSuccessStatusCode();

        await _dm.SayAsync(b, id, "count me in"); // answering accepts it
        (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", b, new { userIds = new[] { d.Id } })).EnsureSuccessStatusCode();
        Assert.Equal("Hiking with d", (await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", b, new { name = "Hiking with d" }))
            .ReadJsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Someone_added_later_sees_only_the_messages_sent_after_they_joined()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var late = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(b, a); // b's copy is no request: any member who accepted adds people
        var id = await _dm.GroupAsync(a, "plans", b);
        var before = await _dm.SayAsync(a, id, "secret plan");

        var added = await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", b, new { userIds = new[] { late.Id } })).ReadJsonAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _dm.SayAsync(a, id, "welcome");

        Assert.Contains(late.Id, Members(added));
        Assert.Equal([after], await _dm.MessageIdsAsync(late, id));
        Assert.Equal([after, before], await _dm.MessageIdsAsync(b, id));
        await (await _dm.Posts.GetAsync($"/api/v1/messages/{before}", late)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", late, new { text = "re", replyToId = before }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_remove_people_and_the_removed_lose_the_thread()
    {
        var admin = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var c = await _dm.NewUserAsync();
        var id = await _dm.GroupAsync(admin, null, b, c);
        await _dm.SayAsync(admin, id, "hello all");

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{c.Id}", b)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{c.Id}", admin)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{c.Id}", admin)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}/messages", c)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", c, new { text = "wait" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await _dm.FolderAsync(c, "requests"));
        Assert.Equal(new[] { admin.Id, b.Id }.Order(), Members(await _dm.ThreadAsync(b, id)).Order());
    }

    [Fact]
    public async Task When_the_last_admin_leaves_the_longest_standing_member_becomes_admin()
    {
        var admin = await _dm.NewUserAsync();
        var first = await _dm.NewUserAsync();
        var id = await _dm.GroupAsync(admin, "club", first);
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        var second = await _dm.NewUserAsync();
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", admin, new { userIds = new[] { second.Id } })).ReadJsonAsync();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", admin)).EnsureNoContentAsync();

        var thread = await _dm.ThreadAsync(second, id);
        Assert.Equal([first.Id], thread.GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()));
        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}", admin)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The next admin is someone who accepted the group: a member whose copy is still a request did not choose to be in it,
    /// and acting as its admin would show the group they read it. Before, the longest-standing member was chosen whatever
    /// their copy, so a stranger who never opened the request became the group's admin.
    /// </summary>
    [Fact]
    public async Task When_the_last_admin_leaves_a_member_who_accepted_becomes_admin_before_one_whose_copy_is_a_request()
    {
        var admin = await _dm.NewUserAsync();
        var stranger = await _dm.NewUserAsync();
        var friend = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(friend, admin);
        var id = await _dm.GroupAsync(admin, "club", stranger, friend); // both joined at once; the stranger's id sorts first

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", admin)).EnsureNoContentAsync();

        var thread = await _dm.ThreadAsync(friend, id);
        Assert.Equal([friend.Id], thread.GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal("request", (await _dm.ThreadAsync(stranger, id)).GetProperty("status").GetString());
    }

    /// <summary>
    /// A member whose copy is still a request becomes admin only when nobody who accepted is left; removing someone and
    /// making or unmaking an admin show the group the request was read, as renaming and adding do, so each is a 409 until
    /// it is accepted, and nothing changes. Leaving (the decline) stays open. Before, the request admin did both.
    /// </summary>
    [Fact]
    public async Task An_admin_whose_copy_is_still_a_request_neither_removes_people_nor_changes_admins_until_accepting()
    {
        var (creator, first, second) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.GroupAsync(creator, "club", first, second);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", creator)).EnsureNoContentAsync();
        var admins = (await _dm.ThreadAsync(first, id)).GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()).ToList();
        var (admin, other) = admins.Single() == first.Id ? (first, second) : (second, first);
        Assert.Equal("request", (await _dm.ThreadAsync(admin, id)).GetProperty("status").GetString());

        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/admins/{other.Id}", admin)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{other.Id}", admin))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var seen = await _dm.ThreadAsync(other, id);
        Assert.Equal([admin.Id], seen.GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("isAdmin").GetBoolean()).Select(p => p.GetProperty("id").GetGuid()));
        Assert.Contains(other.Id, Members(seen));

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", admin)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/admins/{other.Id}", admin)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{other.Id}", admin)).EnsureNoContentAsync();
        Assert.DoesNotContain(other.Id, Members(await _dm.ThreadAsync(admin, id)));
    }

    [Fact]
    public async Task One_to_one_threads_take_no_more_people_and_no_name()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var c = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", a, new { userIds = new[] { c.Id } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", a, new { name = "us" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{b.Id}", a)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM conversation_participants WHERE conversation_id = @id AND user_id = @c",
            new { id, c = c.Id }));
    }
}
