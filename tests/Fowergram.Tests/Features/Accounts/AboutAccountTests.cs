using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>GET /users/{username}/about: "About this account", for whoever may see the profile header; the owner sees its former names.</summary>
[Collection(ApiCollection.Name)]
public sealed class AboutAccountTests(FowergramApp app)
{
    private static readonly string[] PublicMembers = ["dateJoined", "formerUsernameCount", "isVerified", "username"];
    private readonly UsernameClient _names = new(app);

    [Fact]
    public async Task Others_see_the_join_month_and_how_many_names_the_account_had_and_the_owner_sees_them_newest_first()
    {
        var account = await app.Client.RegisterAsync();
        var viewer = await app.Client.RegisterAsync();
        var (first, second) = (TestAccounts.NewUsername("a"), TestAccounts.NewUsername("b"));
        await _names.RenameOkAsync(account, first);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await _names.RenameOkAsync(account, second);
        await AccountsDb.ExecuteAsync("UPDATE users SET is_private = true, is_verified = true WHERE id = @Id", new { account.Id });
        var month = await AccountsDb.ScalarAsync<string>("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM users WHERE id = @Id", new { account.Id });

        foreach (var token in new[] { viewer.AccessToken, null }) // a private account shows its About to strangers and guests alike
        {
            var about = await _names.AboutAsync(second.ToUpperInvariant(), token);
            Assert.Equal(PublicMembers, about.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal((second, month, true, 2), (about.GetProperty("username").GetString(), about.GetProperty("dateJoined").GetString(),
                about.GetProperty("isVerified").GetBoolean(), about.GetProperty("formerUsernameCount").GetInt32()));
        }
        Assert.Equal((await _names.AboutAsync(second, null)).ToString(), (await _names.AboutAsync(account.Id.ToString(), null)).ToString());

        foreach (var name in new[] { "me", second, account.Id.ToString() })
        {
            var own = await _names.AboutAsync(name, account.AccessToken);
            Assert.Equal(2, own.GetProperty("formerUsernameCount").GetInt32());
            var former = own.GetProperty("formerUsernames").EnumerateArray().ToList();
            Assert.Equal([first, account.Username], former.Select(f => f.GetProperty("username").GetString()));
            Assert.True(former[0].GetProperty("changedAt").GetDateTimeOffset() > former[1].GetProperty("changedAt").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task The_owner_sees_the_newest_fifty_former_names_and_the_exact_count_of_all()
    {
        var account = await app.Client.RegisterAsync();
        var names = new List<string> { account.Username };
        for (var change = 0; change < 52; change++)
        {
            // Two changes per 14 days: move the history back past the window before each pair. The clock moves on a little too,
            // so that no two pairs share a time and a backdated one never lands on another's (changed_at is unique per account).
            if (change % 2 == 0)
            {
                await UsernameClient.BackdateAsync(account.Id, TimeSpan.FromDays(15));
                app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }
            names.Add(TestAccounts.NewUsername("n"));
            await _names.RenameOkAsync(account, names[^1]);
        }

        var own = await _names.AboutAsync("me", account.AccessToken);

        Assert.Equal(52, own.GetProperty("formerUsernameCount").GetInt32());
        var former = own.GetProperty("formerUsernames").EnumerateArray().Select(f => f.GetProperty("username").GetString()).ToList();
        Assert.Equal(names.SkipLast(1).Reverse().Take(50), former);
        Assert.Equal(52, (await (await app.Client.GetAsync("/api/v1/users/me/export", account.AccessToken)).ReadJsonAsync())
            .GetProperty("usernameChanges").GetArrayLength()); // the whole history is the export's
    }

    [Fact]
    public async Task An_account_that_never_changed_its_name_has_none()
    {
        var account = await app.Client.RegisterAsync();
        var own = await _names.AboutAsync("me", account.AccessToken);
        Assert.Equal((0, 0), (own.GetProperty("formerUsernameCount").GetInt32(), own.GetProperty("formerUsernames").GetArrayLength()));
        Assert.False(own.TryGetProperty("accountBasedIn", out _)); // the data model keeps no country
    }

    [Fact]
    public async Task Unknown_blocked_deleted_and_disabled_accounts_are_404_and_a_guests_me_is_401()
    {
        var account = await app.Client.RegisterAsync();
        var blocked = await app.Client.RegisterAsync();
        var blocker = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b), (@c, @a)",
            new { a = account.Id, b = blocked.Id, c = blocker.Id });

        await (await app.Client.GetAsync($"/api/v1/users/{account.Username}/about", blocked.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{account.Username}/about", blocker.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{account.Id}/about", blocked.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{TestAccounts.NewUsername()}/about", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{Guid.NewGuid()}/about", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/not-a-name/about", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/me/about", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await AccountsDb.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { blocked.Id });
        await AccountsDb.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { blocker.Id });
        await (await app.Client.GetAsync($"/api/v1/users/{blocked.Username}/about", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{blocker.Username}/about", account.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/me/about", blocker.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_export_carries_the_username_changes_oldest_first()
    {
        var account = await app.Client.RegisterAsync();
        var (first, second) = (TestAccounts.NewUsername("a"), TestAccounts.NewUsername("b"));
        await _names.RenameOkAsync(account, first);
        await _names.RenameOkAsync(account, second);
        var other = await app.Client.RegisterAsync();
        await _names.RenameOkAsync(other, TestAccounts.NewUsername("o"));

        var export = await (await app.Client.GetAsync("/api/v1/users/me/export", account.AccessToken)).ReadJsonAsync();
        var changes = export.GetProperty("usernameChanges").EnumerateArray().ToList();
        Assert.Equal([(account.Username, first), (first, second)],
            changes.Select(c => (c.GetProperty("oldUsername").GetString(), c.GetProperty("newUsername").GetString())));
        Assert.All(changes, c => c.GetProperty("changedAt").GetDateTimeOffset());
    }
}
