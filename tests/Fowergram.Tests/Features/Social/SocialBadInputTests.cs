using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>Every bad input is a 4xx problem and leaves no trace: no rows, no events.</summary>
[Collection(ApiCollection.Name)]
public sealed class SocialBadInputTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    /// <summary>Every social write naming a user: (method, url template with {0} for the username, body).</summary>
    public static TheoryData<string, string> Writes() => new()
    {
        { "PUT", "/api/v1/users/{0}/follow" },
        { "DELETE", "/api/v1/users/{0}/follow" },
        { "POST", "/api/v1/users/me/follow-requests/{0}/approve" },
        { "POST", "/api/v1/users/me/follow-requests/{0}/decline" },
        { "PUT", "/api/v1/users/{0}/block" },
        { "DELETE", "/api/v1/users/{0}/block" },
        { "PUT", "/api/v1/users/{0}/mute" },
        { "DELETE", "/api/v1/users/{0}/mute" },
        { "PUT", "/api/v1/users/me/close-friends/{0}" },
        { "DELETE", "/api/v1/users/me/close-friends/{0}" },
        // Every later write that names one account by its username (session 57: DELETE …/not-interested answered oneself 204).
        { "DELETE", "/api/v1/users/me/followers/{0}" },
        { "PUT", "/api/v1/users/{0}/mute/notes" },
        { "DELETE", "/api/v1/users/{0}/mute/notes" },
        { "PUT", "/api/v1/users/{0}/notifications" },
        { "PUT", "/api/v1/users/{0}/restrict" },
        { "DELETE", "/api/v1/users/{0}/restrict" },
        { "PUT", "/api/v1/users/me/stories/hidden-from/{0}" },
        { "DELETE", "/api/v1/users/me/stories/hidden-from/{0}" },
        { "DELETE", "/api/v1/users/me/suggestions/{0}" },
        { "PUT", "/api/v1/users/me/suggestions/{0}" },
        { "PUT", "/api/v1/users/me/favorites/{0}" },
        { "DELETE", "/api/v1/users/me/favorites/{0}" },
        { "PUT", "/api/v1/users/{0}/not-interested" },
        { "DELETE", "/api/v1/users/{0}/not-interested" },
    };

    public static TheoryData<string> Reads() =>
    [
        "/api/v1/users/me/follow-requests", "/api/v1/users/me/follow-requests/sent", "/api/v1/users/me/blocked",
        "/api/v1/users/me/muted", "/api/v1/users/me/close-friends", "/api/v1/users/me/suggestions",
        "/api/v1/notifications", "/api/v1/notifications/unread-count",
    ];

    private Task<HttpResponseMessage> SendAsync(string method, string template, string username, SocialUser? caller) =>
        _w.SendAsync(new HttpMethod(method), string.Format(template, username), caller,
            (template.EndsWith("/mute", StringComparison.Ordinal) || template.EndsWith("/notifications", StringComparison.Ordinal)) && method == "PUT"
                ? new { posts = true } : null);

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Unknown_or_impossible_usernames_are_a_404_and_change_nothing(string method, string template)
    {
        var me = await _w.UserAsync();
        foreach (var username in new[] { "nobody" + Guid.NewGuid().ToString("N")[..12], new string('a', 31), "no%20such" })
            await (await SendAsync(method, template, username, me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertUntouchedAsync(me);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_need_a_signed_in_caller(string method, string template)
    {
        var target = await _w.UserAsync();
        var response = await SendAsync(method, template, target.Username, null);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertUntouchedAsync(target);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Naming_oneself_is_a_400_or_404_and_changes_nothing(string method, string template)
    {
        var me = await _w.UserAsync();
        foreach (var username in new[] { me.Username, "me" })
        {
            var response = await SendAsync(method, template, username, me);
            // Deciding a request names its requester: there is never one from oneself (404). Everything else: 400.
            await response.AssertProblemAsync(template.Contains("follow-requests") ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest);
        }
        await AssertUntouchedAsync(me);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Own_lists_need_a_signed_in_caller(string url)
    {
        await (await _w.GetAsync(url, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_parameters_are_a_400_on_every_list(string query, string field)
    {
        var me = await _w.UserAsync();
        foreach (var url in new[] { $"/api/v1/users/{me.Username}/followers", $"/api/v1/users/{me.Username}/following",
                     "/api/v1/users/me/follow-requests", "/api/v1/users/me/follow-requests/sent", "/api/v1/users/me/blocked",
                     "/api/v1/users/me/muted", "/api/v1/users/me/close-friends", "/api/v1/notifications" })
            await (await _w.GetAsync($"{url}?{query}", me)).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Lists_of_unknown_accounts_are_a_404()
    {
        foreach (var list in new[] { "followers", "following" })
            await (await _w.GetAsync($"/api/v1/users/nobody{Guid.NewGuid():N}/{list}", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task AssertUntouchedAsync(SocialUser user)
    {
        Assert.Equal(0, await SocialWorld.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM follows WHERE follower_id = @Id OR following_id = @Id)
                 + (SELECT count(*) FROM follow_requests WHERE requester_id = @Id OR target_id = @Id)
                 + (SELECT count(*) FROM blocks WHERE blocker_id = @Id OR blocked_id = @Id)
                 + (SELECT count(*) FROM mutes WHERE muter_id = @Id OR muted_id = @Id)
                 + (SELECT count(*) FROM close_friends WHERE user_id = @Id OR friend_id = @Id)
                 + (SELECT count(*) FROM restrictions WHERE restricter_id = @Id OR restricted_id = @Id)
                 + (SELECT count(*) FROM story_hidden_viewers WHERE owner_id = @Id OR viewer_id = @Id)
                 + (SELECT count(*) FROM favorites WHERE user_id = @Id OR favorite_id = @Id)
                 + (SELECT count(*) FROM suggestion_dismissals WHERE user_id = @Id OR dismissed_id = @Id)
                 + (SELECT count(*) FROM discovery_hidden_authors WHERE user_id = @Id OR author_id = @Id)
                 + (SELECT count(*) FROM account_notification_settings WHERE follower_id = @Id OR following_id = @Id)
                 + (SELECT count(*) FROM outbox WHERE actor_id = @Id)
            """, new { user.Id }));
    }
}
