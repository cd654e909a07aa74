using System.Net;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// The rest of the removals by username that take back the caller's own entry (<see cref="OwnEntryRemovalTests"/> has the
/// silent lists): a dismissed suggestion, "not interested" in an account, a broadcast's removed viewer and muted commenter,
/// a channel's member and removed member, a follow and a block. Each is the caller's own choice and never depends on the
/// other account: 204 and the entry gone whether that account is deactivated, deleted in its grace, suspended, blocking the
/// caller or blocked by it; a gone caller's token is a 401 and removes nothing; a name that is no entry keeps its 404.
/// docs/social-graph.md "Own lists".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnEntryRemovalElsewhereTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly LiveClient _live = new(app);
    private readonly ChannelClient _channels = new(app);

    /// <summary>One entry of <c>me</c>'s naming <c>other</c>: how it is taken back, and the count of such rows.</summary>
    private sealed record Entry(HttpMethod Method, string Url, string Rows, object Args);

    private delegate Task<Entry> Setup(OwnEntryRemovalElsewhereTests t, TestUser me, TestUser other);

    private static readonly Dictionary<string, Setup> Entries = new()
    {
        ["dismissed suggestion"] = async (t, me, other) =>
        {
            await t.OkAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{other.Username}", me);
            return new(HttpMethod.Put, $"/api/v1/users/me/suggestions/{other.Username}",
                "SELECT count(*) FROM suggestion_dismissals WHERE user_id = @me", new { me = me.Id });
        },
        ["not interested"] = async (t, me, other) =>
        {
            await t.OkAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/not-interested", me);
            return new(HttpMethod.Delete, $"/api/v1/users/{other.Username}/not-interested",
                "SELECT count(*) FROM discovery_hidden_authors WHERE user_id = @me", new { me = me.Id });
        },
        ["removed viewer"] = async (t, me, other) =>
        {
            var stream = await t._live.StreamIdAsync(me);
            await t.OkAsync(HttpMethod.Put, $"/api/v1/live/{stream}/removed-viewers/{other.Username}", me);
            return new(HttpMethod.Delete, $"/api/v1/live/{stream}/removed-viewers/{other.Username}",
                "SELECT count(*) FROM live_stream_removals WHERE stream_id = @stream", new { stream });
        },
        ["muted commenter"] = async (t, me, other) =>
        {
            var stream = await t._live.StreamIdAsync(me);
            await t.OkAsync(HttpMethod.Put, $"/api/v1/live/{stream}/muted-commenters/{other.Username}", me);
            return new(HttpMethod.Delete, $"/api/v1/live/{stream}/muted-commenters/{other.Username}",
                "SELECT count(*) FROM live_comment_mutes WHERE stream_id = @stream", new { stream });
        },
        ["channel member"] = async (t, me, other) =>
        {
            var channel = await t._channels.CreateAsync(me);
            await (await t._channels.JoinAsync(other, channel)).EnsureNoContentAsync();
            return new(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{other.Username}",
                "SELECT count(*) FROM broadcast_channel_members WHERE channel_id = @channel AND user_id <> @me AND removed_at IS NULL",
                new { channel, me = me.Id });
        },
        ["channel removed member"] = async (t, me, other) =>
        {
            var channel = await t._channels.CreateAsync(me);
            await (await t._channels.JoinAsync(other, channel)).EnsureNoContentAsync();
            await t.OkAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{other.Username}", me);
            return new(HttpMethod.Delete, $"/api/v1/channels/{channel}/removed-members/{other.Username}",
                "SELECT count(*) FROM broadcast_channel_members WHERE channel_id = @channel AND removed_at IS NOT NULL", new { channel });
        },
        ["follow"] = async (t, me, other) =>
        {
            await t._posts.FollowAsync(me, other);
            return new(HttpMethod.Delete, $"/api/v1/users/{other.Username}/follow",
                "SELECT count(*) FROM follows WHERE follower_id = @me", new { me = me.Id });
        },
        ["block"] = async (t, me, other) =>
        {
            await t.OkAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/block", me);
            return new(HttpMethod.Delete, $"/api/v1/users/{other.Username}/block",
                "SELECT count(*) FROM blocks WHERE blocker_id = @me", new { me = me.Id });
        },
    };

    private const string Deactivated = "UPDATE users SET is_active = false WHERE id = @id";
    private const string Deleted = "UPDATE users SET deleted_at = now() WHERE id = @id";
    private const string Suspended = """
        WITH s AS (INSERT INTO account_suspensions (user_id, reason) VALUES (@id, 'spam') RETURNING user_id)
        UPDATE users SET is_active = false WHERE id IN (SELECT user_id FROM s)
        """;
    private const string BlocksCaller = "blocks the caller";
    private const string BlockedByCaller = "blocked by the caller";

    public static TheoryData<string, string> EntriesAndStates()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in Entries.Keys)
            foreach (var state in new[] { Deactivated, Deleted, Suspended, BlocksCaller, BlockedByCaller })
                // A block ends follows both ways (docs/social-graph.md "Block"); the caller's own block is the entry itself, and an
                // account the caller blocks cannot block it back (it cannot find the caller).
                if (!(entry is "follow" or "block" && state is BlocksCaller or BlockedByCaller))
                    data.Add(entry, state);
        return data;
    }

    public static TheoryData<string> AllEntries() => new(Entries.Keys);

    private async Task OkAsync(HttpMethod method, string url, TestUser who)
    {
        var response = await _posts.SendAsync(method, url, who);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<(TestUser Me, TestUser Other, Entry Entry)> ListedAsync(string name)
    {
        var (me, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var entry = await Entries[name](this, me, other);
        Assert.Equal(1L, await RowsAsync(entry));
        return (me, other, entry);
    }

    private Task<long> RowsAsync(Entry entry) => _posts.ScalarAsync<long>(entry.Rows, entry.Args);

    [Theory]
    [MemberData(nameof(EntriesAndStates))]
    public async Task The_callers_own_entry_is_removed_whatever_the_other_accounts_state(string name, string state)
    {
        var (me, other, entry) = await ListedAsync(name);
        if (state == BlocksCaller) await OkAsync(HttpMethod.Put, $"/api/v1/users/{me.Username}/block", other);
        else if (state == BlockedByCaller) await OkAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/block", me);
        else await _posts.ExecuteAsync(state, new { id = other.Id });
        Assert.Equal(1L, await RowsAsync(entry));

        var removed = await _posts.SendAsync(entry.Method, entry.Url, me);
        Assert.True(removed.StatusCode == HttpStatusCode.NoContent, $"{entry.Method} {entry.Url}: {await RouteAnswersText(removed)}");
        Assert.Equal(0L, await RowsAsync(entry));
    }

    [Theory]
    [MemberData(nameof(AllEntries))]
    public async Task A_gone_callers_token_removes_nothing_and_unknown_names_keep_their_404(string name)
    {
        var (me, other, entry) = await ListedAsync(name);
        var unknown = "nobody_" + Guid.NewGuid().ToString("N")[..12];
        await (await _posts.SendAsync(entry.Method, entry.Url.Replace(other.Username, unknown), me)).AssertProblemAsync(HttpStatusCode.NotFound);

        await _posts.ExecuteAsync(Deactivated, new { id = me.Id });
        await (await _posts.SendAsync(entry.Method, entry.Url, me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await RowsAsync(entry));
    }

    private static async Task<string> RouteAnswersText(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
}
