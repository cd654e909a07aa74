using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>GET /notifications?group=true folds notices of one type about one entity within a day.</summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationGroupingTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    private async Task<Guid> InsertAsync(SocialUser recipient, SocialUser? actor, string type, string? entityType, Guid? entityId,
        TimeSpan age, bool isRead = false)
    {
        var id = Guid.CreateVersion7();
        await SocialWorld.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, is_read, created_at)
            VALUES (@id, @recipient, @actor, @type, @entityType, @entityId, @message, @isRead, @createdAt)
            """, new
        {
            id, recipient = recipient.Id, actor = actor?.Id, type, entityType, entityId, isRead,
            message = actor is null ? "Hello." : null, createdAt = _now - age,
        });
        return id;
    }

    private async Task<List<JsonElement>> GroupedAsync(SocialUser user, string query = "") =>
        (await (await _w.GetAsync($"/api/v1/notifications?group=true{query}", user)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Follows_fold_into_the_newest_and_likes_fold_per_post()
    {
        var me = await _w.UserAsync();
        var fans = await _w.UsersAsync(4);
        var (post, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await SocialWorld.ExecuteAsync("INSERT INTO posts (id, user_id) VALUES (@post, @me), (@other, @me)", new { post, other, me = me.Id });
        var follows = new List<Guid>();
        for (var i = 0; i < 4; i++) follows.Add(await InsertAsync(me, fans[i], "follow", "user", fans[i].Id, TimeSpan.FromMinutes(10 + i), isRead: i > 0));
        var likes = new[]
        {
            await InsertAsync(me, fans[0], "like", "post", post, TimeSpan.FromMinutes(1)),
            await InsertAsync(me, fans[1], "like", "post", post, TimeSpan.FromMinutes(2)),
        };
        var single = await InsertAsync(me, fans[2], "like", "post", other, TimeSpan.FromMinutes(3));

        var items = await GroupedAsync(me);

        Assert.Equal([likes[0], single, follows[0]], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal($"{fans[0].Username} and 1 other liked your post.", items[0].GetProperty("text").GetString());
        Assert.Equal(likes, items[0].GetProperty("ids").EnumerateArray().Select(e => e.GetGuid()));
        Assert.False(items[1].TryGetProperty("others", out _));
        Assert.False(items[1].TryGetProperty("ids", out _));
        Assert.Equal($"{fans[0].Username} and 3 others started following you.", items[2].GetProperty("text").GetString());
        Assert.Equal(3, items[2].GetProperty("others").GetInt32());
        Assert.Equal(follows, items[2].GetProperty("ids").EnumerateArray().Select(e => e.GetGuid()));
        Assert.False(items[2].GetProperty("isRead").GetBoolean()); // one of them is unread
        Assert.Equal(7, (await (await _w.GetAsync("/api/v1/notifications", me)).ReadJsonAsync()).GetProperty("items").GetArrayLength()); // ungrouped
    }

    [Fact]
    public async Task Notices_more_than_a_day_apart_and_system_notices_stay_apart()
    {
        var me = await _w.UserAsync();
        var (a, b) = (await _w.UserAsync(), await _w.UserAsync());
        var recent = await InsertAsync(me, a, "follow", "user", a.Id, TimeSpan.FromHours(1));
        var old = await InsertAsync(me, b, "follow", "user", b.Id, TimeSpan.FromHours(30));
        var first = await InsertAsync(me, null, "system", null, null, TimeSpan.FromHours(2));
        var second = await InsertAsync(me, null, "system", null, null, TimeSpan.FromHours(3));

        var items = await GroupedAsync(me);

        Assert.Equal([recent, first, second, old], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal($"{a.Username} started following you.", items[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_bad_group_value_is_a_400()
    {
        var me = await _w.UserAsync();
        await (await _w.GetAsync("/api/v1/notifications?group=maybe", me)).AssertValidationErrorAsync("group");
    }
}
