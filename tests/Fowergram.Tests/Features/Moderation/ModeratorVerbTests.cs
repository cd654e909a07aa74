using System.Net;
using Fowergram.Server;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>The Server's <c>moderator</c> verb (docs/moderation.md): the only way to make a moderator.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModeratorVerbTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static Task<int> RunAsync(params string[] args) =>
        ServerCli.RunAsync(["moderator", .. args, "--ConnectionStrings:Fowergram", TestDatabase.ConnectionString]);

    [Fact]
    public async Task Grant_lets_an_account_into_the_queue_and_revoke_keeps_it_out()
    {
        var alice = await _posts.NewUserAsync();
        await (await _posts.GetAsync("/api/v1/moderation/reports", alice)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0, await RunAsync("grant", alice.Username.ToUpperInvariant()));
        Assert.Equal(0, await RunAsync("grant", alice.Username)); // idempotent
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync("/api/v1/moderation/reports", alice)).StatusCode);
        Assert.Equal(0, await RunAsync("list"));

        Assert.Equal(0, await RunAsync("revoke", alice.Username));
        await (await _posts.GetAsync("/api/v1/moderation/reports", alice)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_accounts_and_bad_usage_fail_without_changing_anything()
    {
        Assert.Equal(1, await RunAsync("grant", "nobody_by_this_name_" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(2, await ServerCli.RunAsync(["moderator", "promote", "alice"]));
        Assert.Equal(2, await ServerCli.RunAsync(["moderator", "grant"]));
        Assert.Contains("moderator", ServerCli.Usage);
    }
}
