using System.Net;
using System.Text.Json;
using Fowergram.Features.Messages;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Reactions to messages (message_reactions, migration 0099): one emoji per participant and message, replaced by a new
/// one, counted on every read of the message; only current participants react; unsending takes the reactions with it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageReactionTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> ReactAsync(TestUser user, Guid messageId, string? emoji) =>
        _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{messageId}/reaction", user, new { emoji });

    private static List<(string Emoji, int Count)> Counts(JsonElement message) =>
        message.GetProperty("reactions").EnumerateArray().Select(r => (r.GetProperty("emoji").GetString()!, r.GetProperty("count").GetInt32())).ToList();

    private static string? Mine(JsonElement message) =>
        message.TryGetProperty("myReaction", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    private async Task FollowersAsync(TestUser followed, params TestUser[] followers)
    {
        foreach (var follower in followers) await _dm.Posts.FollowAsync(follower, followed);
    }

    [Fact]
    public async Task Participants_react_once_each_a_new_emoji_replaces_the_old_and_everyone_reads_the_counts()
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await FollowersAsync(a, b, c); // not requests: a request's recipient does not react until they accept it
        var group = await _dm.GroupAsync(a, "Trip", b, c);
        var message = await _dm.SayAsync(a, group, "We land at 9");

        var reacted = await (await ReactAsync(b, message, "❤️")).ReadJsonAsync();
        await (await ReactAsync(c, message, "❤️")).ReadJsonAsync();
        await (await ReactAsync(a, message, "😂")).ReadJsonAsync();
        await (await ReactAsync(a, message, "👍🏽")).ReadJsonAsync(); // replaces a's 😂

        Assert.Equal("❤️", Mine(reacted));
        var asA = await _dm.GetJsonAsync($"/api/v1/messages/{message}", a);
        Assert.Equal([("❤️", 2), ("👍🏽", 1)], Counts(asA));
        Assert.Equal("👍🏽", Mine(asA));
        var page = await _dm.GetJsonAsync($"/api/v1/conversations/{group}/messages", c);
        Assert.Equal("❤️", Mine(page.GetProperty("items")[0]));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}/reaction", b)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}/reaction", b)).EnsureNoContentAsync();
        Assert.Equal([("❤️", 1), ("👍🏽", 1)], Counts(await _dm.GetJsonAsync($"/api/v1/messages/{message}", b)));
        Assert.Null(Mine(await _dm.GetJsonAsync($"/api/v1/messages/{message}", b)));
    }

    [Fact]
    public async Task Only_current_participants_react_and_an_unsent_message_takes_its_reactions_with_it()
    {
        var (a, b, outsider) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await FollowersAsync(a, b);
        var direct = await _dm.DirectAsync(a, b);
        var message = await _dm.SayAsync(a, direct, "secret");

        await (await ReactAsync(outsider, message, "❤️")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}/reaction", outsider)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{message}/reaction", null, new { emoji = "❤️" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ReactAsync(b, Guid.NewGuid(), "❤️")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReactAsync(b, message, "❤️")).ReadJsonAsync();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", a)).EnsureNoContentAsync();

        await (await ReactAsync(b, message, "😂")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @message", new { message }));
    }

    [Fact]
    public async Task Reactions_racing_an_unsend_never_fail_and_leave_nothing_behind()
    {
        var a = await _dm.NewUserAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 6; i++) others.Add(await _dm.NewUserAsync());
        await FollowersAsync(a, [.. others]);
        var group = await _dm.GroupAsync(a, "Race", [.. others]);
        var message = await _dm.SayAsync(a, group, "going, going");

        var reactions = others.Select(o => ReactAsync(o, message, "🔥")).ToList();
        var unsend = _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", a);
        await Task.WhenAll(reactions.Append(unsend));

        Assert.Equal(HttpStatusCode.NoContent, (await unsend).StatusCode);
        Assert.All(reactions, r => Assert.True(r.Result.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{r.Result.StatusCode}"));
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @message", new { message }));
    }

    /// <summary>
    /// A reaction shows its sender that the message was read, which a request never reveals: its recipient (hidden request
    /// or not, one-to-one or group) gets a 409 until they accept or answer, and nothing is written. The sender's own side
    /// of the thread is theirs: they may react.
    /// </summary>
    [Fact]
    public async Task The_recipient_of_a_message_request_reacts_only_once_it_is_accepted_or_answered()
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var direct = await _dm.DirectAsync(a, b); // b does not follow a: a request for b
        var hello = await _dm.SayAsync(a, direct, "hello stranger");
        var group = await _dm.GroupAsync(a, "Strangers", c);
        var welcome = await _dm.SayAsync(a, group, "welcome");

        var refused = await (await ReactAsync(b, hello, "❤️")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("request", refused.GetProperty("detail").GetString());
        await (await ReactAsync(c, welcome, "❤️")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = ANY(@ids)", new { ids = new[] { hello, welcome } }));
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{hello}/reaction", b)).EnsureNoContentAsync(); // nothing to take back
        await (await ReactAsync(a, hello, "👋")).ReadJsonAsync(); // the sender's own copy is accepted

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/accept", b)).EnsureNoContentAsync();
        Assert.Equal("❤️", Mine(await (await ReactAsync(b, hello, "❤️")).ReadJsonAsync()));
        await _dm.SayAsync(c, group, "hi all"); // answering accepts it too
        Assert.Equal("❤️", Mine(await (await ReactAsync(c, welcome, "❤️")).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_hidden_request_takes_no_reaction_either()
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var direct = await _dm.DirectAsync(a, b);
        await _dm.Posts.ScalarAsync<int>("UPDATE conversation_participants SET request_hidden_at = now() WHERE conversation_id = @direct AND user_id = @b RETURNING 1",
            new { direct, b = b.Id });
        var hello = await _dm.SayAsync(a, direct, "hello stranger");
        Assert.Equal("hidden_request", (await _dm.ThreadAsync(b, direct)).GetProperty("status").GetString());

        await (await ReactAsync(b, hello, "❤️")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @hello", new { hello }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ok")]
    [InlineData("❤️❤️")]
    [InlineData("1")]
    [InlineData("\u0301")]
    [InlineData("☀\u0301\u0301")]
    [InlineData("<3")]
    public async Task Anything_but_one_emoji_is_refused_naming_emoji_and_nothing_is_written(string? emoji)
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var message = await _dm.SayAsync(a, await _dm.DirectAsync(a, b), "hi");

        var problem = await (await ReactAsync(b, message, emoji)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("emoji", out _));
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @message", new { message }));
    }

    [Theory]
    [InlineData("❤️")]
    [InlineData("👍🏽")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🇹🇭")]
    [InlineData("1️⃣")]
    [InlineData("#⃣")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    [InlineData("©️")]
    public void Single_emoji_of_every_shape_are_accepted(string emoji) => Assert.Equal(emoji, MessageReactionsApi.Emoji($" {emoji} "));
}
