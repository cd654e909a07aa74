using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// The caller's own silent lists — restrictions, close friends, "hide story and live from", mutes (posts and stories, and
/// notes), favorites — hide an account that is deactivated, deleted in its grace or blocking the caller, but keep the entry,
/// which is in force again once the account is back. Removing it is the caller's own choice and never depends on the other
/// account: 204 whatever its state (until 2026-12-07 restrictions, close friends, story hiding and both mutes answered 404
/// and the entry stayed); 404 only for a name that is neither an entry nor an account the caller may see; a gone caller's
/// token is a 401 and removes nothing (favorites removed it until then). docs/social-graph.md "Own lists".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnEntryRemovalTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>A list: how an entry is added and removed (<c>{0}</c> the other's username), and where its row is.</summary>
    private sealed record OwnList(string Add, string Remove, string Rows, object? Body = null);

    /// <summary>By the remove route's path, which names each theory case.</summary>
    private static readonly Dictionary<string, OwnList> Lists = new OwnList[]
    {
        new("/api/v1/users/{0}/restrict", "/api/v1/users/{0}/restrict", "SELECT count(*) FROM restrictions WHERE restricter_id = @me"),
        new("/api/v1/users/me/close-friends/{0}", "/api/v1/users/me/close-friends/{0}", "SELECT count(*) FROM close_friends WHERE user_id = @me"),
        new("/api/v1/users/me/stories/hidden-from/{0}", "/api/v1/users/me/stories/hidden-from/{0}",
            "SELECT count(*) FROM story_hidden_viewers WHERE owner_id = @me"),
        new("/api/v1/users/{0}/mute", "/api/v1/users/{0}/mute", "SELECT count(*) FROM mutes WHERE muter_id = @me", new { posts = true, stories = true }),
        new("/api/v1/users/{0}/mute/notes", "/api/v1/users/{0}/mute/notes", "SELECT count(*) FROM mutes WHERE muter_id = @me"),
        new("/api/v1/users/me/favorites/{0}", "/api/v1/users/me/favorites/{0}", "SELECT count(*) FROM favorites WHERE user_id = @me"),
    }.ToDictionary(l => l.Remove);

    private const string Deactivated = "UPDATE users SET is_active = false WHERE id = @id";
    private const string Deleted = "UPDATE users SET deleted_at = now() WHERE id = @id";
    private const string BlocksCaller = "block";

    public static TheoryData<string, string> ListsAndStates()
    {
        var data = new TheoryData<string, string>();
        foreach (var list in Lists.Values)
            foreach (var state in new[] { Deactivated, Deleted, BlocksCaller })
                // A block ends close-friends entries both ways (docs/social-graph.md "Block"): nothing of the caller's is left.
                if (!(state == BlocksCaller && list.Rows.Contains("close_friends"))) data.Add(list.Remove, state);
        return data;
    }

    public static TheoryData<string> AllLists() => new(Lists.Keys);

    private async Task<(TestUser Me, TestUser Other)> ListedAsync(OwnList list)
    {
        var (me, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var added = await _posts.SendAsync(HttpMethod.Put, string.Format(list.Add, other.Username), me, list.Body);
        Assert.True(added.IsSuccessStatusCode, $"{list.Add}: {(int)added.StatusCode}");
        Assert.Equal(1L, await RowsAsync(list, me));
        return (me, other);
    }

    private Task<long> RowsAsync(OwnList list, TestUser me) => _posts.ScalarAsync<long>(list.Rows, new { me = me.Id });

    private Task<HttpResponseMessage> RemoveAsync(OwnList list, TestUser me, TestUser other) =>
        _posts.SendAsync(HttpMethod.Delete, string.Format(list.Remove, other.Username), me);

    [Theory]
    [MemberData(nameof(ListsAndStates))]
    public async Task The_callers_own_entry_is_removed_whatever_the_other_accounts_state(string route, string state)
    {
        var list = Lists[route];
        var (me, other) = await ListedAsync(list);
        if (state == BlocksCaller)
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{me.Username}/block", other)).EnsureNoContentAsync();
        else
            await _posts.ExecuteAsync(state, new { id = other.Id });

        await (await RemoveAsync(list, me, other)).EnsureNoContentAsync();
        Assert.Equal(0L, await RowsAsync(list, me));
        // No entry left, and an account the caller cannot see: the 404 of an unknown name, as before.
        await (await RemoveAsync(list, me, other)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(AllLists))]
    public async Task A_gone_callers_token_removes_nothing_and_unknown_names_stay_404(string route)
    {
        var list = Lists[route];
        var (me, other) = await ListedAsync(list);
        await (await _posts.SendAsync(HttpMethod.Delete, string.Format(list.Remove, "nobody_" + Guid.NewGuid().ToString("N")[..12]), me))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        await _posts.ExecuteAsync(Deactivated, new { id = me.Id });
        await (await RemoveAsync(list, me, other)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await RowsAsync(list, me));
    }
}
