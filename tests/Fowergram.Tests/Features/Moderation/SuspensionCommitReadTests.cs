using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// PUT /moderation/suspensions/{username} answers the suspension it made (or found), read in the suspending transaction: read
/// after the commit, a lift committed in between left nothing, and the moderator got a 404 for a suspension that was made,
/// with everything it did (sessions ended, broadcasts stopped) done. The lift lands with the suspension's own commit
/// (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SuspensionCommitReadTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private const string Lift = "DELETE FROM account_suspensions WHERE user_id = NEW.user_id; UPDATE users SET is_active = true WHERE id = NEW.user_id";

    [Fact]
    public async Task A_suspension_lifted_as_it_commits_is_still_answered_201_with_what_was_made()
    {
        var moderator = await _posts.ModeratorAsync();
        var account = await _posts.NewUserAsync();

        var response = await CommitTrigger.WithAsync("account_suspensions", $"NEW.user_id = '{account.Id}'", Lift,
            () => _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam ring", days = 2 }));

        var view = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((account.Username, "spam ring", moderator.Username), (view.GetProperty("username").GetString(),
            view.GetProperty("reason").GetString(), view.GetProperty("suspendedBy").GetString()));
        Assert.Equal(view.GetProperty("createdAt").GetDateTimeOffset().AddDays(2), view.GetProperty("until").GetDateTimeOffset());
    }
}
