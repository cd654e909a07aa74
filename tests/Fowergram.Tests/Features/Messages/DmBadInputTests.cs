using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Bad input on every direct-message route: a 4xx problem+json naming what is wrong, and no state change.</summary>
[Collection(ApiCollection.Name)]
public sealed class DmBadInputTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    public static TheoryData<string, string, string, string> Bodies() => new()
    {
        // {thread} is a one-to-one thread of the caller, {group} a group, {message} the caller's text in {thread}, {me} the caller, {friend} another user
        { "POST", "/api/v1/conversations", "{}", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":[]}""", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":["{me}"]}""", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":["{friend}","{friend}"]}""", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":["00000000-0000-0000-0000-000000000000"]}""", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":["not-a-uuid"]}""", "userIds[0]" },
        { "POST", "/api/v1/conversations", "{\"userIds\":[" + string.Join(',', Enumerable.Range(0, 250).Select(_ => $"\"{Guid.NewGuid()}\"")) + "]}", "userIds" },
        { "POST", "/api/v1/conversations", """{"userIds":["{friend}"],"name":"   "}""", "name" },
        { "POST", "/api/v1/conversations", "{\"userIds\":[\"{friend}\"],\"name\":\"" + new string('n', 101) + "\"}", "name" },
        { "PATCH", "/api/v1/conversations/{group}", """{"name":""}""", "name" },
        { "PATCH", "/api/v1/conversations/{group}", """{"name":7}""", "name" },
        { "PATCH", "/api/v1/conversations/{thread}", """{"isArchived":"yes"}""", "isArchived" },
        { "PATCH", "/api/v1/conversations/{thread}", """{"isMuted":null}""", "isMuted" },
        { "PUT", "/api/v1/conversations/{thread}/read", """{"messageId":"nope"}""", "messageId" },
        { "POST", "/api/v1/conversations/{group}/participants", """{"userIds":[]}""", "userIds" },
        { "POST", "/api/v1/conversations/{group}/participants", """{"userIds":["{me}"]}""", "userIds" },
        { "POST", "/api/v1/conversations/{thread}/messages", "{}", "text" },
        { "POST", "/api/v1/conversations/{thread}/messages", """{"text":"   "}""", "text" },
        { "POST", "/api/v1/conversations/{thread}/messages", "{\"text\":\"" + new string('t', 2001) + "\"}", "text" },
        { "POST", "/api/v1/conversations/{thread}/messages", """{"text":7}""", "text" },
        { "POST", "/api/v1/conversations/{thread}/messages", """{"uploadId":"{friend}","sharedPostId":"{friend}"}""", "uploadId" },
        { "POST", "/api/v1/conversations/{thread}/messages", """{"text":"x","replyToId":"nope"}""", "replyToId" },
        { "PATCH", "/api/v1/messages/{message}", "{}", "text" },
        { "PATCH", "/api/v1/messages/{message}", "{\"text\":\"" + new string('t', 2001) + "\"}", "text" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Invalid_field_is_a_400_naming_it_and_changes_nothing(string method, string path, string body, string field)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);

        var response = await _dm.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, fill(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await StateAsync(user));
    }

    public static TheoryData<string, string> BodyRoutes() => new()
    {
        { "POST", "/api/v1/conversations" }, { "PATCH", "/api/v1/conversations/{thread}" }, { "PUT", "/api/v1/conversations/{thread}/read" },
        { "POST", "/api/v1/conversations/{group}/participants" }, { "POST", "/api/v1/conversations/{thread}/messages" },
        { "PATCH", "/api/v1/messages/{message}" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Malformed_or_wrongly_typed_bodies_are_4xx_problems(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        var before = await StateAsync(user);
        var cases = new (string Body, string ContentType, HttpStatusCode Status)[]
        {
            ("{\"text\":", "application/json", HttpStatusCode.BadRequest), ("null", "application/json", HttpStatusCode.BadRequest),
            ("[1,2]", "application/json", HttpStatusCode.BadRequest),
            ("""{"text":"a","text":"b","name":"c","name":"d","userIds":[],"userIds":[],"messageId":null,"messageId":null}""", "application/json", HttpStatusCode.BadRequest),
            ("text=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
            ("{\"text\":\"" + new string('x', 70_000) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, contentType, status) in cases)
            await (await _dm.Posts.SendRawAsync(new HttpMethod(method), fill(path), user, body, contentType)).AssertProblemAsync(status);
        Assert.Equal(before, await StateAsync(user));
    }

    [Theory]
    [InlineData("/api/v1/conversations")]
    [InlineData("/api/v1/conversations/{thread}/messages")]
    public async Task Bad_limit_or_cursor_is_a_400(string path)
    {
        var (user, fill) = await ArrangeAsync();
        foreach (var query in new[] { "limit=0", "limit=51", "limit=ten", "cursor=not-a-cursor" })
            await (await _dm.Posts.GetAsync($"{fill(path)}?{query}", user)).AssertValidationErrorAsync(query.Split('=')[0]);
        await (await _dm.Posts.GetAsync("/api/v1/conversations?folder=spam", user)).AssertValidationErrorAsync("folder");
    }

    [Theory]
    [InlineData("GET", "/api/v1/conversations/not-a-uuid")]
    [InlineData("GET", "/api/v1/conversations/not-a-uuid/messages")]
    [InlineData("POST", "/api/v1/conversations/not-a-uuid/accept")]
    [InlineData("DELETE", "/api/v1/conversations/{group}/participants/someone")]
    [InlineData("GET", "/api/v1/messages/not-a-uuid")]
    [InlineData("DELETE", "/api/v1/messages/00000000-0000-0000-0000-000000000000")]
    public async Task Ids_that_name_nothing_are_404(string method, string path)
    {
        var (user, fill) = await ArrangeAsync();
        await (await _dm.SendAsync(new HttpMethod(method), fill(path), user)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(TestUser User, Func<string, string> Fill)> ArrangeAsync()
    {
        var user = await _dm.NewUserAsync();
        var friend = await _dm.NewUserAsync();
        var thread = await _dm.DirectAsync(user, friend);
        var group = await _dm.GroupAsync(user, "g", friend, await _dm.NewUserAsync());
        var message = await _dm.SayAsync(user, thread, "hi");
        return (user, text => text.Replace("{thread}", thread.ToString()).Replace("{group}", group.ToString())
            .Replace("{message}", message.ToString()).Replace("{me}", user.Id.ToString()).Replace("{friend}", friend.Id.ToString()));
    }

    private Task<string> StateAsync(TestUser user) => _dm.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(cp.conversation_id::text || cp.status || cp.is_archived || cp.is_muted || coalesce(cp.left_at::text, '-')
                               || coalesce(cp.read_through_id::text, '-') || coalesce(c.group_name, '-'), ',' ORDER BY cp.conversation_id)
               FROM conversation_participants cp JOIN conversations c ON c.id = cp.conversation_id WHERE cp.user_id = @id),
            (SELECT string_agg(m.id::text || coalesce(m.content, '-') || m.is_edited, ',' ORDER BY m.id) FROM messages m
               JOIN conversation_participants cp ON cp.conversation_id = m.conversation_id WHERE cp.user_id = @id))
        """, new { id = user.Id });
}
