using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Hidden requests (migration 0113): a message request with one of the recipient's hidden words, or from an account the
/// recipient limits, waits in folder=hidden instead of requests and leaves the badge alone; accepting or answering it
/// makes it an ordinary thread.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenRequestTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private async Task HideWordAsync(TestUser user, string word) =>
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/users/me/hidden-words/{word}", user)).EnsureNoContentAsync();

    private async Task<int> RequestBadgeAsync(TestUser user) =>
        (await _dm.GetJsonAsync("/api/v1/conversations/unread", user)).GetProperty("requests").GetInt32();

    [Fact]
    public async Task A_request_with_a_hidden_word_waits_among_hidden_requests_and_accepting_it_brings_it_back()
    {
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await HideWordAsync(reader, "crypto");
        var id = await _dm.DirectAsync(sender, reader);
        await _dm.SayAsync(sender, id, "Easy CRYPTO gains, DM me");

        Assert.Empty(await _dm.FolderAsync(reader, "requests"));
        Assert.Equal([id], await _dm.FolderAsync(reader, "hidden"));
        Assert.Equal("hidden_request", (await _dm.ThreadAsync(reader, id)).GetProperty("status").GetString());
        Assert.Equal("accepted", (await _dm.ThreadAsync(sender, id)).GetProperty("status").GetString());
        Assert.Equal(0, await RequestBadgeAsync(reader));

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", reader)).EnsureNoContentAsync();
        Assert.Equal([id], await _dm.FolderAsync(reader));
        Assert.Empty(await _dm.FolderAsync(reader, "hidden"));
        Assert.Equal("accepted", (await _dm.ThreadAsync(reader, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_request_with_a_hidden_word_in_another_unicode_form_is_hidden_too()
    {
        // The word hidden composed ("é", U+00E9), the message typed decomposed ("e" + U+0301): they look the same.
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await HideWordAsync(reader, Uri.EscapeDataString("fianc\u00e9e"));
        var id = await _dm.DirectAsync(sender, reader);
        await _dm.SayAsync(sender, id, "looking for a fiance\u0301e?");

        Assert.Empty(await _dm.FolderAsync(reader, "requests"));
        Assert.Equal([id], await _dm.FolderAsync(reader, "hidden"));
    }

    [Fact]
    public async Task A_request_edited_to_hold_a_hidden_word_is_hidden_as_if_it_had_been_sent_so()
    {
        // Only sends were filtered: a clean first message edited within its 15 minutes into the recipient's hidden word put
        // that word in front of them among their requests, and in the badge, though a send of the same text would be hidden.
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await HideWordAsync(reader, "giveaway");
        var id = await _dm.DirectAsync(sender, reader);
        var message = await _dm.SayAsync(sender, id, "hello there");
        Assert.Equal([id], await _dm.FolderAsync(reader, "requests"));

        (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", sender, new { text = "join my GIVEAWAY" })).EnsureSuccessStatusCode();

        Assert.Empty(await _dm.FolderAsync(reader, "requests"));
        Assert.Equal([id], await _dm.FolderAsync(reader, "hidden"));
        Assert.Equal(0, await RequestBadgeAsync(reader));
        Assert.Equal("accepted", (await _dm.ThreadAsync(sender, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_clean_request_is_hidden_by_a_later_message_and_answering_it_makes_it_a_thread()
    {
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await HideWordAsync(reader, "giveaway");
        var id = await _dm.DirectAsync(sender, reader);
        await _dm.SayAsync(sender, id, "hello there");
        Assert.Equal([id], await _dm.FolderAsync(reader, "requests"));
        Assert.Equal(1, await RequestBadgeAsync(reader));

        await _dm.SayAsync(sender, id, "join my giveaway");
        await _dm.SayAsync(sender, id, "please?");
        Assert.Empty(await _dm.FolderAsync(reader, "requests"));
        Assert.Equal([id], await _dm.FolderAsync(reader, "hidden"));

        await _dm.SayAsync(reader, id, "no thanks");
        Assert.Equal([id], await _dm.FolderAsync(reader));
        Assert.Empty(await _dm.FolderAsync(reader, "hidden"));
        await _dm.SayAsync(sender, id, "another giveaway"); // an accepted thread is never hidden
        Assert.Equal([id], await _dm.FolderAsync(reader));
    }

    [Fact]
    public async Task Limits_hide_requests_from_the_accounts_they_limit_only()
    {
        var (stranger, follower, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(follower, reader);
        await _dm.Posts.ExecuteAsync("UPDATE follows SET created_at = now() - interval '30 days' WHERE follower_id = @a AND following_id = @b",
            new { a = follower.Id, b = reader.Id });
        (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/limits", reader, new { nonFollowers = true, recentFollowers = true, days = 7 }))
            .EnsureSuccessStatusCode();
        var fromStranger = await _dm.DirectAsync(stranger, reader);
        await _dm.SayAsync(stranger, fromStranger, "hi");
        var fromFollower = await _dm.DirectAsync(follower, reader);
        await _dm.SayAsync(follower, fromFollower, "hi");

        Assert.Equal([fromStranger], await _dm.FolderAsync(reader, "hidden"));
        Assert.Equal([fromFollower], await _dm.FolderAsync(reader, "requests"));
        Assert.Equal(1, await RequestBadgeAsync(reader));
    }

    [Fact]
    public async Task Hidden_words_hide_requests_for_each_member_of_a_group_by_their_own_words()
    {
        var (creator, strict, relaxed) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await HideWordAsync(strict, "promo");
        var group = await _dm.GroupAsync(creator, "Deals", strict, relaxed);
        await _dm.SayAsync(creator, group, "big promo today");

        Assert.Equal([group], await _dm.FolderAsync(strict, "hidden"));
        Assert.Equal([group], await _dm.FolderAsync(relaxed, "requests"));
        await (await _dm.Posts.GetAsync("/api/v1/conversations?folder=secret", strict)).AssertValidationErrorAsync("folder");
    }
}
