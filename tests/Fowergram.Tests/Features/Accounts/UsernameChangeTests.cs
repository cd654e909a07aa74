using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Username changes (migration 0136): each recorded with the rename, at most two in any 14 days, and an old name held
/// 14 days for its former owner alone (docs/accounts.md "Username changes and About this account").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UsernameChangeTests(FowergramApp app)
{
    private readonly UsernameClient _names = new(app);

    [Fact]
    public async Task A_rename_is_recorded_with_it_and_the_same_name_or_other_fields_are_no_change()
    {
        var account = await app.Client.RegisterAsync();
        var renamed = TestAccounts.NewUsername("r");
        await _names.RenameOkAsync(account, renamed);
        Assert.Equal([(account.Username, renamed)], await UsernameClient.ChangesAsync(account.Id));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, await AccountsDb.ScalarAsync<DateTime>(
            "SELECT changed_at FROM username_changes WHERE user_id = @Id", new { account.Id }), TimeSpan.FromMilliseconds(1));

        await (await _names.RenameAsync(account, renamed.ToUpperInvariant())).ReadJsonAsync();
        await (await app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", """{"bio": "still me"}""", token: account.AccessToken)).ReadJsonAsync();
        Assert.Single(await UsernameClient.ChangesAsync(account.Id));
    }

    [Fact]
    public async Task A_third_change_within_14_days_is_a_429_naming_username_and_changes_nothing()
    {
        var account = await app.Client.RegisterAsync();
        var (first, second, third) = (TestAccounts.NewUsername("a"), TestAccounts.NewUsername("b"), TestAccounts.NewUsername("c"));
        await _names.RenameOkAsync(account, first);
        await _names.RenameOkAsync(account, second);

        var response = await _names.RenameAsync(account, third, """, "bio": "not saved" """);
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _), problem.ToString());
        Assert.Equal(TimeSpan.FromDays(14).TotalSeconds, response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1.0); // the first change leaves the window
        Assert.Equal(second, await _names.CurrentAsync(account.Id));
        Assert.Equal("", (await app.Client.MeAsync(account.AccessToken)).GetProperty("bio").GetString());
        Assert.Equal([(account.Username, first), (first, second)], await UsernameClient.ChangesAsync(account.Id));
        await (await _names.RegisterAsync(third)).ReadJsonAsync(HttpStatusCode.Created); // the refused name was never reserved

        await (await _names.RenameAsync(account, second)).ReadJsonAsync(); // its own name again: not a change, so not refused
    }

    [Fact]
    public async Task Changes_older_than_14_days_no_longer_count()
    {
        var account = await app.Client.RegisterAsync();
        await _names.RenameOkAsync(account, TestAccounts.NewUsername("a"));
        await _names.RenameOkAsync(account, TestAccounts.NewUsername("b"));
        await UsernameClient.BackdateAsync(account.Id, TimeSpan.FromDays(13));
        await (await _names.RenameAsync(account, TestAccounts.NewUsername("c"))).AssertProblemAsync(HttpStatusCode.TooManyRequests);

        await UsernameClient.BackdateAsync(account.Id, TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var third = TestAccounts.NewUsername("c");
        await _names.RenameOkAsync(account, third);
        Assert.Equal(3, (await UsernameClient.ChangesAsync(account.Id)).Count);
    }

    [Fact]
    public async Task An_old_name_is_held_from_others_for_14_days_and_its_former_owner_may_take_it_back()
    {
        var owner = await app.Client.RegisterAsync();
        var other = await app.Client.RegisterAsync();
        var old = owner.Username;
        await _names.RenameOkAsync(owner, TestAccounts.NewUsername("n"));

        await UsernameClient.AssertTakenAsync(await _names.RegisterAsync(old));
        await UsernameClient.AssertTakenAsync(await _names.RegisterAsync(old.ToUpperInvariant()));
        await UsernameClient.AssertTakenAsync(await _names.RenameAsync(other, old));
        Assert.Equal(other.Username, await _names.CurrentAsync(other.Id));
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @old", new { old }));

        await _names.RenameOkAsync(owner, old);
        Assert.Equal(owner.Id, await AccountsDb.ScalarAsync<Guid>("SELECT id FROM users WHERE username = @old", new { old }));
    }

    [Fact]
    public async Task The_hold_ends_after_14_days()
    {
        var owner = await app.Client.RegisterAsync();
        var old = owner.Username;
        await _names.RenameOkAsync(owner, TestAccounts.NewUsername("n"));
        await UsernameClient.BackdateAsync(owner.Id, TimeSpan.FromDays(13));
        await UsernameClient.AssertTakenAsync(await _names.RegisterAsync(old));

        await UsernameClient.BackdateAsync(owner.Id, TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var other = await app.Client.RegisterAsync();
        await _names.RenameOkAsync(other, old);
    }
}
