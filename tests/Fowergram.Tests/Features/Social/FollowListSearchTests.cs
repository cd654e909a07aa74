using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>Searching a followers or following list (?q=), and the mutual followers list behind "Followed by …".</summary>
[Collection(ApiCollection.Name)]
public sealed class FollowListSearchTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task A_list_searched_by_part_of_a_username_or_name_keeps_its_order_and_its_visibility()
    {
        var star = await _w.UserAsync();
        var (anna, hanna, bob) = (await _w.UserAsync(label: "anna", fullName: "Anna Berg"), await _w.UserAsync(label: "x", fullName: "Hanna Lind"),
            await _w.UserAsync(label: "bob", fullName: "Bob Stone"));
        foreach (var fan in new[] { anna, hanna, bob }) await _w.FollowAsync(fan, star);
        await _w.FollowAsync(star, bob);

        var found = await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q=ANNA", null);
        Assert.Equal(SocialWorld.NewestFirst([anna, hanna]), found);
        Assert.Equal([bob.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/following?q=stone", star));
        Assert.Empty(await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q=%25", star)); // wildcards are text
        Assert.Equal(3, (await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q=", star)).Count);
        await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers?q={new string('a', 65)}", star)).AssertValidationErrorAsync("q");
    }

    [Fact]
    public async Task A_term_is_at_most_64_characters_counted_as_code_points_and_one_line()
    {
        // The length was counted in UTF-16 units (33 emoji were "too long") and a line break was searched, unlike the search box.
        var star = await _w.UserAsync();
        await _w.FollowAsync(await _w.UserAsync(), star);
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 64));

        Assert.Empty(await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q={Uri.EscapeDataString(emoji)}", star));
        await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers?q={Uri.EscapeDataString(emoji + "\U0001F600")}", star))
            .AssertValidationErrorAsync("q");
        await (await _w.GetAsync($"/api/v1/users/{star.Username}/following?q={Uri.EscapeDataString("an\nna")}", star)).AssertValidationErrorAsync("q");
    }

    [Fact]
    public async Task A_term_typed_with_combining_accents_finds_the_name_holding_them_composed_as_the_search_box_does()
    {
        // Names are stored composed; the search box composes its term (UnicodeFormSearchTests), the lists' ?q= did not, so
        // "jose" + U+0301 typed on some keyboards found nobody here while /users/search found the same account.
        var star = await _w.UserAsync();
        var (jose, other) = (await _w.UserAsync(fullName: "Jos\u00E9 Fan"), await _w.UserAsync(fullName: "Jose Fan"));
        foreach (var fan in new[] { jose, other }) await _w.FollowAsync(fan, star);
        await _w.FollowAsync(star, jose);
        var decomposed = Uri.EscapeDataString("jose\u0301 fan");

        Assert.Equal([jose.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q={decomposed}", star));
        Assert.Equal([jose.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/following?q={decomposed}", null));
        Assert.Equal([jose.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q={Uri.EscapeDataString("jos\u00E9")}", star));
    }

    [Fact]
    public async Task A_term_with_an_underscore_or_a_backslash_matches_it_as_text()
    {
        var star = await _w.UserAsync();
        var (under, plain) = (await _w.UserAsync(label: "ann_", fullName: "Back\\slash Fan"), await _w.UserAsync(label: "annx", fullName: "Plain Fan"));
        foreach (var fan in new[] { under, plain }) await _w.FollowAsync(fan, star);

        Assert.Equal([under.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q=ann_", star));
        Assert.Equal([under.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers?q={Uri.EscapeDataString("back\\slash")}", star));
        Assert.Equal([star.Id], await _w.IdsAsync($"/api/v1/users/{under.Username}/following?q={star.Username}", under));
    }

    [Fact]
    public async Task Mutual_followers_are_the_accounts_the_caller_follows_that_follow_the_profile_private_or_not()
    {
        var (me, hidden) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        var (friend, other, notMine) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        foreach (var mutual in new[] { friend, other })
        {
            await _w.FollowAsync(me, mutual);
            await _w.FollowApprovedAsync(mutual, hidden);
        }
        await _w.FollowApprovedAsync(notMine, hidden);
        await _w.FollowAsync(me, hidden); // a pending request: the list is about whom the caller follows

        Assert.Equal(SocialWorld.NewestFirst([friend, other]), await _w.IdsAsync($"/api/v1/users/{hidden.Username}/followers/mutual", me));
        await (await _w.GetAsync($"/api/v1/users/{hidden.Username}/followers", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _w.BlockAsync(other, me);
        Assert.Equal([friend.Id], await _w.IdsAsync($"/api/v1/users/{hidden.Username}/followers/mutual", me));
        await (await _w.GetAsync($"/api/v1/users/{hidden.Username}/followers/mutual", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await _w.BlockAsync(hidden, me);
        await (await _w.GetAsync($"/api/v1/users/{hidden.Username}/followers/mutual", me)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
