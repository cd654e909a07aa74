using System.Net;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Message writes that answer with the message (a reaction, a reply to a story) and the own-settings switches (OwnSettings,
/// here read receipts) read their answer in their own transaction. Read after the commit, an unsend or a deactivation
/// committed in between left nothing to read: a 404 or "account gone" for a write that stood (a client retrying a reply
/// sent it twice). The change lands with the write's own commit (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessagePostCommitReadTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task A_reaction_whose_message_is_unsent_with_the_commit_still_answers_the_message_with_it()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var message = await _dm.SayAsync(a, thread, "See you at 9");

        var response = await CommitTrigger.WithAsync("message_reactions", $"NEW.user_id = '{b.Id}'", "DELETE FROM messages WHERE id = NEW.message_id",
            () => _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{message}/reaction", b, new { emoji = "❤️" }));

        var reacted = await response.ReadJsonAsync();
        Assert.Equal(message, reacted.GetProperty("id").GetGuid());
        Assert.Equal("❤️", reacted.GetProperty("myReaction").GetString());
    }

    [Fact]
    public async Task A_story_reply_unsent_with_the_commit_still_answers_201_with_the_reply()
    {
        var (author, fan) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var story = (await new StoryClient(app).CreateStoryAsync(new Person(author.Id, author.Username), "public")).Id;

        var response = await CommitTrigger.WithAsync("messages", $"NEW.sender_id = '{fan.Id}'", "DELETE FROM messages WHERE id = NEW.id",
            () => _dm.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", fan, new { text = "love this!" }));

        var sent = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("love this!", sent.GetProperty("text").GetString());
        Assert.Equal($"/api/v1/messages/{sent.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_settings_switch_whose_account_is_deactivated_with_the_commit_still_answers_what_it_saved()
    {
        var user = await _dm.NewUserAsync();

        var response = await CommitTrigger.WithAsync("users", $"NEW.id = '{user.Id}' AND NEW.is_active", "UPDATE users SET is_active = false WHERE id = NEW.id",
            () => _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/read-receipts", user, new { visible = false }));

        Assert.False((await response.ReadJsonAsync()).GetProperty("visible").GetBoolean());
    }
}
