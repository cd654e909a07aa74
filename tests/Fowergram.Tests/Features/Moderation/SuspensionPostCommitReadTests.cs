using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A suspension answers with the suspension it made, read in the suspending transaction. Read after the commit, a lift
/// committed in between left nothing to read: a 404 for a suspension that had been made (sessions ended, content taken
/// down). The lift lands with the suspension's own commit (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SuspensionPostCommitReadTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_suspension_lifted_with_its_commit_still_answers_201_with_the_suspension()
    {
        var moderator = await _posts.ModeratorAsync();
        var account = await app.Client.RegisterAsync();

        var response = await CommitTrigger.WithAsync("account_suspensions", $"NEW.user_id = '{account.Id}'",
            "DELETE FROM account_suspensions WHERE user_id = NEW.user_id",
            () => _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam ring" }));

        var suspension = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("spam ring", suspension.GetProperty("reason").GetString());
    }
}
