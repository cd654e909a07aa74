using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// PUT /users/me/push-preferences and PUT /users/me/quiet-mode answer what they saved, read in the saving transaction. Read
/// after the write, a deactivation committed in between answered "account gone" for settings that had been saved. The
/// deactivation lands with the write's own commit (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationSettingsPostCommitReadTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private const string Deactivate = "UPDATE users SET is_active = false WHERE id = {0}";

    [Fact]
    public async Task Push_preferences_saved_as_the_account_is_deactivated_are_still_answered()
    {
        var user = await _posts.NewUserAsync();

        var response = await CommitTrigger.WithAsync("push_preferences", $"NEW.user_id = '{user.Id}'", string.Format(Deactivate, "NEW.user_id"),
            () => _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", user, new { likes = "off" }));

        Assert.Equal("off", (await response.ReadJsonAsync()).GetProperty("likes").GetString());
    }

    [Fact]
    public async Task Quiet_mode_turned_on_as_the_account_is_deactivated_is_still_answered()
    {
        var user = await _posts.NewUserAsync();

        var response = await CommitTrigger.WithAsync("users", $"NEW.id = '{user.Id}' AND NEW.is_active", string.Format(Deactivate, "NEW.id"),
            () => _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/quiet-mode", user, new { enabled = true }));

        Assert.True((await response.ReadJsonAsync()).GetProperty("enabled").GetBoolean());
    }
}
