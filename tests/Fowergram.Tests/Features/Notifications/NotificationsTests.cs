using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

[Collection(ApiCollection.Name)]
public sealed class NotificationsTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    private static async Task<Guid> InsertAsync(SocialUser recipient, SocialUser? actor, string type, string? entityType = null,
        Guid? entityId = null, bool isRead = false, string? message = null)
    {
        var id = Guid.CreateVersion7();
        await SocialWorld.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, is_read)
            VALUES (@id, @recipient, @actor, @type, @entityType, @entityId, @message, @isRead)
            """, new { id, recipient = recipient.Id, actor = actor?.Id, type, entityType, entityId, message, isRead });
        return id;
    }

    private async Task<JsonElement> InboxAsync(SocialUser user, string query = "") =>
        await (await _w.GetAsync($"/api/v1/notifications{query}", user)).ReadJsonAsync();

    private async Task<long> UnreadAsync(SocialUser user) =>
        (await (await _w.GetAsync("/api/v1/notifications/unread-count", user)).ReadJsonAsync()).GetProperty("count").GetInt64();

    [Fact]
    public async Task Social_events_reach_the_inbox_newest_first_with_actor_and_text()
    {
        var (star, fan, asker) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowApprovedAsync(fan, star);
        await _w.DrainAsync();
        await _w.FollowAsync(asker, star);
        await _w.DrainAsync();

        // The shared test clock stands still, so both notices carry the same instant: find them by type.
        var items = (await InboxAsync(star)).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("type").GetString()!);

        Assert.Equal(["follow", "follow_request"], items.Keys.Order());
        Assert.Equal(asker.Username, items["follow_request"].GetProperty("actor").GetProperty("username").GetString());
        Assert.Equal($"{asker.Username} requested to follow you.", items["follow_request"].GetProperty("text").GetString());
        Assert.Equal(fan.Id, items["follow"].GetProperty("actor").GetProperty("id").GetGuid());
        Assert.Equal($"{fan.Username} started following you.", items["follow"].GetProperty("text").GetString());
        Assert.Equal(("user", fan.Id), (items["follow"].GetProperty("entityType").GetString(), items["follow"].GetProperty("entityId").GetGuid()));
        Assert.False(items["follow"].GetProperty("isRead").GetBoolean());
        var accepted = (await InboxAsync(fan)).GetProperty("items")[0];
        Assert.Equal($"{star.Username} accepted your follow request.", accepted.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_unread_badge_counts_to_99_and_then_says_more()
    {
        var (me, other) = (await _w.UserAsync(), await _w.UserAsync());
        await SocialWorld.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, actor_id, type, message)
            SELECT gen_random_uuid(), @me, NULL, 'system', 'notice ' || i FROM generate_series(1, 150) i
            """, new { me = me.Id });
        await InsertAsync(other, null, "system", message: "just one");

        async Task<(long Count, bool More)> BadgeAsync(SocialUser user)
        {
            var body = await (await _w.GetAsync("/api/v1/notifications/unread-count", user)).ReadJsonAsync();
            return (body.GetProperty("count").GetInt64(), body.GetProperty("more").GetBoolean());
        }

        Assert.Equal((99L, true), await BadgeAsync(me));
        Assert.Equal((1L, false), await BadgeAsync(other));
        await SocialWorld.ExecuteAsync("""
            UPDATE notifications SET is_read = true WHERE user_id = @me AND id IN (SELECT id FROM notifications WHERE user_id = @me LIMIT 51)
            """, new { me = me.Id });
        Assert.Equal((99L, false), await BadgeAsync(me)); // exactly 99 left
        (await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/read-all", me)).EnsureSuccessStatusCode();
        Assert.Equal((0L, false), await BadgeAsync(me));
    }

    [Fact]
    public async Task Inbox_pages_by_keyset_and_counts_unread()
    {
        var me = await _w.UserAsync();
        var actors = await _w.UsersAsync(5);
        var ids = new List<Guid>();
        foreach (var actor in actors) ids.Add(await InsertAsync(me, actor, "follow", "user", actor.Id, isRead: actor == actors[0]));

        var first = await InboxAsync(me, "?limit=2");
        var second = await InboxAsync(me, $"?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var third = await InboxAsync(me, $"?limit=2&cursor={second.GetProperty("nextCursor").GetString()}");

        var seen = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid());
        ids.Reverse(); // inserted one transaction after the other: created_at (the database's now()) grows
        Assert.Equal(ids, seen);
        Assert.False(third.TryGetProperty("nextCursor", out _));
        Assert.Equal(4, await UnreadAsync(me));
    }

    [Fact]
    public async Task Marking_one_read_is_idempotent_and_read_all_clears_the_count()
    {
        var (me, a, b) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var first = await InsertAsync(me, a, "follow", "user", a.Id);
        await InsertAsync(me, b, "follow", "user", b.Id);

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{first}/read", me), HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{first}/read", me), HttpStatusCode.NoContent);
        Assert.Equal(1, await UnreadAsync(me));
        Assert.True((await InboxAsync(me)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == first)
            .GetProperty("isRead").GetBoolean());

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/read-all", me), HttpStatusCode.NoContent);
        Assert.Equal(0, await UnreadAsync(me));
    }

    /// <summary>Read-all is a watermark (migration 0063): what came before is read, what comes after is not.</summary>
    [Fact]
    public async Task Read_all_reads_what_came_before_and_leaves_later_notices_unread()
    {
        var (me, a, b, c) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var before = new[] { await InsertAsync(me, a, "follow", "user", a.Id), await InsertAsync(me, b, "follow", "user", b.Id) };
        await InsertAsync(a, b, "follow", "user", b.Id); // someone else's
        Assert.Equal(2, await UnreadAsync(me));

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/read-all", me), HttpStatusCode.NoContent);
        var after = await InsertAsync(me, c, "follow", "user", c.Id);

        Assert.Equal(1, await UnreadAsync(me));
        var flags = (await InboxAsync(me)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("isRead").GetBoolean());
        Assert.True(flags[before[0]] && flags[before[1]]);
        Assert.False(flags[after]);
        Assert.Equal(0L, await SocialWorld.ScalarAsync<long>( // one mark, not an UPDATE of every notice
            "SELECT count(*) FROM notifications WHERE user_id = @Id AND is_read", new { me.Id }));

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{after}/read", me), HttpStatusCode.NoContent);
        Assert.Equal(0, await UnreadAsync(me));
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/read-all", me), HttpStatusCode.NoContent);
        Assert.Equal(0, await UnreadAsync(me));
        Assert.Equal(1, await UnreadAsync(a)); // my mark is mine
    }

    [Fact]
    public async Task Someone_elses_or_a_malformed_notification_id_is_a_404_and_changes_nothing()
    {
        var (me, other, actor) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var theirs = await InsertAsync(other, actor, "follow", "user", actor.Id);

        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{theirs}/read", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/not-a-guid/read", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{Guid.NewGuid()}/read", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, "/api/v1/notifications/read-all", me), HttpStatusCode.NoContent);

        Assert.Equal(1, await UnreadAsync(other));
        Assert.Empty((await InboxAsync(me)).GetProperty("items").EnumerateArray());
        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{theirs}/read", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Notices_from_blocked_or_gone_actors_are_dropped_from_list_count_and_mark_read()
    {
        var (me, blocked, blocker, gone, ok) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var hidden = new List<Guid>();
        foreach (var actor in new[] { blocked, blocker, gone }) hidden.Add(await InsertAsync(me, actor, "follow", "user", actor.Id));
        var shown = await InsertAsync(me, ok, "follow", "user", ok.Id);
        await _w.BlockAsync(me, blocked);
        await _w.BlockAsync(blocker, me);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });

        Assert.Equal([shown], (await InboxAsync(me)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(1, await UnreadAsync(me));
        foreach (var id in hidden)
            await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{id}/read", me)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Notices_about_entities_the_reader_cannot_see_are_dropped()
    {
        var (me, author, liker) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true), await _w.UserAsync());
        var (mine, deleted, theirs) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await SocialWorld.ExecuteAsync("""
            INSERT INTO posts (id, user_id) VALUES (@mine, @me), (@deleted, @me), (@theirs, @author);
            UPDATE posts SET deleted_at = now() WHERE id = @deleted
            """, new { mine, deleted, theirs, me = me.Id, author = author.Id });
        var likeOfMine = await InsertAsync(me, liker, "like", "post", mine);
        var likeOfDeleted = await InsertAsync(me, liker, "like", "post", deleted);
        var tagOnTheirs = await InsertAsync(me, author, "tag", "post", theirs); // a private account's post, and I do not follow it
        var system = await InsertAsync(me, null, "system", message: "Welcome to Fowergram.");

        var items = (await InboxAsync(me)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([system, likeOfMine], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal("Welcome to Fowergram.", items.Single(i => i.GetProperty("id").GetGuid() == system).GetProperty("text").GetString());
        await _w.FollowApprovedAsync(me, author);
        // Following the author makes their post visible; the approval's own follow_accept notice may
        // or may not have arrived yet, so the check names the notices this test wrote.
        var after = (await InboxAsync(me)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(tagOnTheirs, after);
        Assert.Contains(likeOfMine, after);
        Assert.Contains(system, after);
        Assert.DoesNotContain(likeOfDeleted, after);
    }

    [Fact]
    public async Task A_follow_request_notice_shows_only_while_the_request_pends()
    {
        var (star, fan) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync());
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();
        Assert.Equal(1, await UnreadAsync(star));

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/decline", star),
            HttpStatusCode.NoContent);

        Assert.Equal(0, await UnreadAsync(star));
        Assert.Empty((await InboxAsync(star)).GetProperty("items").EnumerateArray());
    }
}
