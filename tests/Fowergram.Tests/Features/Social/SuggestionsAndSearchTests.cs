using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class SuggestionsAndSearchTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Suggestions_are_friends_of_friends_ranked_by_mutuals_with_a_reason()
    {
        var me = await _w.UserAsync();
        var friends = new List<SocialUser>();
        foreach (var label in new[] { "aa", "bb", "cc", "dd" }) friends.Add(await _w.UserAsync(label: label));
        var (popular, pair, known) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        foreach (var f in friends)
        {
            await _w.FollowAsync(me, f);
            await _w.FollowAsync(f, popular);
        }
        await _w.FollowAsync(friends[2], pair);
        await _w.FollowAsync(friends[3], pair);
        await _w.FollowApprovedAsync(friends[1], known);

        var items = (await (await _w.GetAsync("/api/v1/users/me/suggestions", me)).ReadJsonAsync()).GetProperty("items");

        var first = items[0];
        Assert.Equal(popular.Id, first.GetProperty("id").GetGuid());
        Assert.Equal(4, first.GetProperty("mutualCount").GetInt64());
        Assert.Equal(friends.Take(3).Select(f => f.Username), first.GetProperty("mutualUsernames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"Followed by {friends[0].Username} and 3 others", first.GetProperty("reason").GetString());
        // Two are both named, as docs/social-graph.md "Suggestions" has it ("Followed by a and b", not "a and 1 other").
        Assert.Equal(pair.Id, items[1].GetProperty("id").GetGuid());
        Assert.Equal($"Followed by {friends[2].Username} and {friends[3].Username}", items[1].GetProperty("reason").GetString());
        Assert.Equal(known.Id, items[2].GetProperty("id").GetGuid());
        Assert.Equal($"Followed by {friends[1].Username}", items[2].GetProperty("reason").GetString());
        Assert.True(items[2].GetProperty("isPrivate").GetBoolean());
        var limited = (await (await _w.GetAsync("/api/v1/users/me/suggestions?limit=1", me)).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(1, limited.GetArrayLength());
    }

    [Fact]
    public async Task Suggestions_leave_out_followed_requested_blocked_blocking_and_muted_accounts_but_not_for_a_notes_mute()
    {
        var (me, friend) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        var (followed, requested, blocksMe, blockedByMe, muted, storiesMuted, ok) =
            (await _w.UserAsync(), await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(),
                await _w.UserAsync(), await _w.UserAsync(label: "a"));
        var notesMuted = await _w.UserAsync(label: "b");
        foreach (var c in new[] { followed, requested, blocksMe, blockedByMe, muted, storiesMuted, ok, notesMuted }) await _w.FollowApprovedAsync(friend, c);
        await _w.FollowAsync(friend, me);
        await _w.FollowAsync(me, followed);
        await _w.FollowAsync(me, requested);
        await _w.BlockAsync(blocksMe, me);
        await _w.BlockAsync(me, blockedByMe);
        await _w.MuteAsync(me, muted);
        await _w.MuteAsync(me, storiesMuted, posts: false, stories: true);
        // A notes mute takes the account's notes out of the tray and nothing else: its posts and stories, what a
        // suggestion offers, were not muted (docs/social-graph.md "Suggestions"; until migration 0252 it was left out).
        await _w.MuteNotesAsync(me, notesMuted);

        Assert.Equal([ok.Id, notesMuted.Id], await _w.IdsAsync("/api/v1/users/me/suggestions", me));
    }

    [Fact]
    public async Task A_dismissed_suggestion_stays_out_and_the_next_one_takes_its_place()
    {
        var (me, friend) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        var (first, second, third) = (await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"), await _w.UserAsync(label: "c"));
        foreach (var c in new[] { first, second, third }) await _w.FollowApprovedAsync(friend, c);
        await _w.FollowAsync(friend, me);
        Assert.Equal([first.Id, second.Id], await _w.IdsAsync("/api/v1/users/me/suggestions?limit=2", me));

        for (var i = 0; i < 2; i++) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{first.Username}", me)).StatusCode);

        Assert.Equal([second.Id, third.Id], await _w.IdsAsync("/api/v1/users/me/suggestions?limit=2", me));
        Assert.Equal([second.Id, third.Id], await _w.IdsAsync("/api/v1/users/me/suggestions", me));
        var other = await _w.UserAsync(); // the choice is the caller's own
        await _w.FollowAsync(other, friend);
        Assert.Contains(first.Id, await _w.IdsAsync("/api/v1/users/me/suggestions", other));
        await (await _w.SendAsync(HttpMethod.Delete, "/api/v1/users/me/suggestions/nobody-" + Guid.NewGuid().ToString("N")[..8], me))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{me.Username}", me)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{second.Username}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Dismissed_suggestions_are_listed_newest_first_and_one_taken_back_is_suggested_again()
    {
        var (me, friend) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        var (first, second) = (await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"));
        foreach (var c in new[] { first, second }) await _w.FollowApprovedAsync(friend, c);
        foreach (var c in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{c.Username}", me)).StatusCode);
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/suggestions", me));
        Assert.Equal([second.Id, first.Id], await _w.IdsAsync("/api/v1/users/me/suggestions/dismissed", me));
        // Keyset pages: one account each, the cursor leading from the newest to the oldest.
        var page = await (await _w.GetAsync("/api/v1/users/me/suggestions/dismissed?limit=1", me)).ReadJsonAsync();
        var next = await (await _w.GetAsync($"/api/v1/users/me/suggestions/dismissed?limit=1&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}", me))
            .ReadJsonAsync();
        Assert.Equal([second.Id, first.Id], new[] { page, next }.Select(p => p.GetProperty("items")[0].GetProperty("id").GetGuid()));

        for (var i = 0; i < 2; i++) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/suggestions/{first.Username}", me)).StatusCode);

        Assert.Equal([first.Id], await _w.IdsAsync("/api/v1/users/me/suggestions", me));
        Assert.Equal([second.Id], await _w.IdsAsync("/api/v1/users/me/suggestions/dismissed", me));
        // Another's list is their own; bad names and no caller change nothing.
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/suggestions/dismissed", friend));
        await (await _w.SendAsync(HttpMethod.Put, "/api/v1/users/me/suggestions/nobody-" + Guid.NewGuid().ToString("N")[..8], me))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/suggestions/{me.Username}", me)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/suggestions/{second.Username}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _w.GetAsync("/api/v1/users/me/suggestions/dismissed", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _w.GetAsync("/api/v1/users/me/suggestions/dismissed?limit=0", me)).AssertValidationErrorAsync("limit");
        Assert.Equal([second.Id], await _w.IdsAsync("/api/v1/users/me/suggestions/dismissed", me));
    }

    [Fact]
    public async Task Search_ranks_the_exact_username_then_prefixes_then_names()
    {
        var stem = "q" + Guid.NewGuid().ToString("N")[..10];
        var byName = await CreateNamedAsync("z" + Guid.NewGuid().ToString("N")[..12], $"Ada {stem.ToUpperInvariant()} Lovelace");
        var prefix = await CreateNamedAsync(stem + "_x", "Someone");
        var exact = await CreateNamedAsync(stem, "Exact");
        var viewer = await _w.UserAsync();

        var ids = await _w.IdsAsync($"/api/v1/users/search?q={stem}", viewer);

        Assert.Equal([exact.Id, prefix.Id, byName.Id], ids);
        Assert.Equal([exact.Id], await _w.IdsAsync($"/api/v1/users/search?q={stem}&limit=1", viewer));
        Assert.Equal([prefix.Id], await _w.IdsAsync($"/api/v1/users/search?q={stem.ToUpperInvariant()}_X", null));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_text_and_leaves_out_gone_accounts()
    {
        var stem = "w" + Guid.NewGuid().ToString("N")[..10];
        var dotted = await CreateNamedAsync(stem + ".a", "Dot");
        var underscored = await CreateNamedAsync(stem + "_a", "Underscore");
        var gone = await CreateNamedAsync(stem + "_b", "Gone");
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });

        Assert.Equal([underscored.Id], await _w.IdsAsync($"/api/v1/users/search?q={stem}_", null));
        Assert.Equal([dotted.Id], await _w.IdsAsync($"/api/v1/users/search?q={stem}.", null));
        Assert.Empty(await _w.IdsAsync($"/api/v1/users/search?q={stem}%25", null));
    }

    [Theory]
    [InlineData("/api/v1/users/search", "q")]
    [InlineData("/api/v1/users/search?q=%20%20", "q")]
    [InlineData("/api/v1/users/search?q=a&limit=0", "limit")]
    [InlineData("/api/v1/users/search?q=a&limit=51", "limit")]
    [InlineData("/api/v1/users/search?q=a&limit=x", "limit")]
    [InlineData("/api/v1/users/me/suggestions?limit=-1", "limit")]
    public async Task Bad_search_or_suggestion_parameters_are_a_400(string url, string field)
    {
        var me = await _w.UserAsync();
        await (await _w.GetAsync(url, me)).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task A_search_term_longer_than_allowed_is_a_400()
    {
        await (await _w.GetAsync($"/api/v1/users/search?q={new string('a', 65)}", null)).AssertValidationErrorAsync("q");
    }

    [Fact]
    public async Task Suggestions_need_a_signed_in_caller()
    {
        await (await _w.GetAsync("/api/v1/users/me/suggestions", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<SocialUser> CreateNamedAsync(string username, string fullName)
    {
        var user = await _w.UserAsync(fullName: fullName);
        await SocialWorld.ExecuteAsync("UPDATE users SET username = @username WHERE id = @Id", new { username, user.Id });
        return user with { Username = username };
    }
}
