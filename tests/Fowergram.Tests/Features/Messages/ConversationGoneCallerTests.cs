using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Accepting a request, unpinning and marking read check the caller inside the one statement they already run (read marks:
/// with the membership read, the threads' hottest write). A token whose account is gone gets the account's 401, also on a
/// thread it is not in (not that thread's 404), and changes nothing; brought back, the same calls answer as before.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConversationGoneCallerTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private const string Place = """
        SELECT read_through_id, pinned_at IS NOT NULL FROM conversation_participants WHERE conversation_id = @thread AND user_id = @user
        """;

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_gone_caller_gets_401_before_any_404_and_changes_nothing(string gone, string back)
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var said = await _dm.SayAsync(b, thread, "hi");
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/pin", a)).EnsureNoContentAsync();
        var (c, d) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var others = await _dm.DirectAsync(c, d);
        await _dm.Posts.ExecuteAsync(gone, new { id = a.Id });

        foreach (var target in new[] { thread, others })
        {
            await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{target}/read", a)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{target}/accept", a)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{target}/pin", a)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        Assert.Equal(((Guid?)null, true), (await _dm.Posts.QueryAsync<(Guid?, bool)>(Place, new { thread, user = a.Id })).Single());

        await _dm.Posts.ExecuteAsync(back, new { id = a.Id });
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{others}/read", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{others}/accept", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{others}/pin", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", a)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/accept", a)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/pin", a)).EnsureNoContentAsync();
        Assert.Equal(((Guid?)said, false), (await _dm.Posts.QueryAsync<(Guid?, bool)>(Place, new { thread, user = a.Id })).Single());
    }
}
