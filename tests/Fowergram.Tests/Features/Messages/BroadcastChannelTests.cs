using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Broadcast channels (docs/messages.md "Broadcast channels"): hosts post, members read, react and vote; visibility at read time.</summary>
[Collection(ApiCollection.Name)]
public sealed class BroadcastChannelTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ChannelClient _channels = new(app);

    private Task<Guid> CreateAsync(TestUser owner, string name = "Drops") => _channels.CreateAsync(owner, name);

    private Task<Guid> PostAsync(TestUser sender, Guid channel, object body) => _channels.PostAsync(sender, channel, body);

    private Task<HttpResponseMessage> JoinAsync(TestUser user, Guid channel) => _channels.JoinAsync(user, channel);

    private Task<List<JsonElement>> MessagesAsync(TestUser reader, Guid channel) => _channels.MessagesAsync(reader, channel);

    private Task<long> MessageRowsAsync(Guid channel) => _channels.MessageRowsAsync(channel);

    private async Task<JsonElement> MineAsync(TestUser user, Guid channel) =>
        (await (await _posts.GetAsync("/api/v1/users/me/channels", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("id").GetGuid() == channel);

    [Fact]
    public async Task Hosts_post_members_read_but_cannot_post_and_an_ended_channel_stays_readable_but_takes_nothing_new()
    {
        var owner = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var late = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        var first = await PostAsync(owner, channel, new { text = "hello members" });

        var read = await MessagesAsync(member, channel);
        Assert.Equal(first, Assert.Single(read).GetProperty("id").GetGuid());
        Assert.Equal("hello members", read[0].GetProperty("text").GetString());
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", member, new { text = "me too" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1L, await MessageRowsAsync(channel));
        // A visitor may see the channel but not read it before joining.
        await (await _posts.GetAsync($"/api/v1/channels/{channel}/messages", late)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var members = (await (await _posts.GetAsync($"/api/v1/channels/{channel}/members", owner)).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(member.Id, Assert.Single(members.EnumerateArray()).GetProperty("id").GetGuid());
        await (await _posts.GetAsync($"/api/v1/channels/{channel}/members", member)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var ended = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).ReadJsonAsync();
        Assert.True(ended.TryGetProperty("endedAt", out _));
        Assert.Single(await MessagesAsync(member, channel));
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner, new { text = "after" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await JoinAsync(late, channel)).AssertProblemAsync(HttpStatusCode.NotFound); // an ended channel is its readers' alone
        Assert.Equal(1L, await MessageRowsAsync(channel));
    }

    [Fact]
    public async Task A_private_accounts_channel_is_for_its_approved_followers_and_unfollowing_ends_reading()
    {
        var owner = await _posts.NewUserAsync(isPrivate: true);
        var follower = await _posts.NewUserAsync();
        var stranger = await _posts.NewUserAsync();
        await _posts.FollowAsync(follower, owner);
        var channel = await CreateAsync(owner);
        await PostAsync(owner, channel, new { text = "followers only" });

        await (await JoinAsync(stranger, channel)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/channels/{channel}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/channels", stranger)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await JoinAsync(follower, channel)).EnsureNoContentAsync();
        Assert.Single(await MessagesAsync(follower, channel));

        await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = follower.Id, b = owner.Id });
        await (await _posts.GetAsync($"/api/v1/channels/{channel}/messages", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Blocks_hide_the_channel_and_a_removed_member_reads_nothing_and_cannot_join_again()
    {
        var owner = await _posts.NewUserAsync();
        var blocked = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var removed = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await PostAsync(owner, channel, new { text = "hi" });
        foreach (var user in new[] { blocked, member, removed }) await (await JoinAsync(user, channel)).EnsureNoContentAsync();

        await _posts.BlockAsync(blocked, owner); // the member blocks the owner after joining
        await (await _posts.GetAsync($"/api/v1/channels/{channel}/messages", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await (await _posts.GetAsync("/api/v1/users/me/channels", blocked)).ReadJsonAsync()).GetProperty("items").EnumerateArray(),
            c => c.GetProperty("id").GetGuid() == channel);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{removed.Username}", owner)).EnsureNoContentAsync();
        await (await _posts.GetAsync($"/api/v1/channels/{channel}/messages", removed)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await JoinAsync(removed, channel)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{removed.Username}", member))
            .AssertProblemAsync(HttpStatusCode.NotFound); // only the owner removes
        Assert.Single(await MessagesAsync(member, channel));
    }

    [Fact]
    public async Task Poll_votes_are_one_per_account_changeable_and_counted_exactly()
    {
        var owner = await _posts.NewUserAsync();
        var voters = new[] { await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync() };
        var channel = await CreateAsync(owner);
        foreach (var voter in voters) await (await JoinAsync(voter, channel)).EnsureNoContentAsync();
        var poll = await PostAsync(owner, channel, new { poll = new { question = "Next drop?", options = new[] { "Shoes", "Hats", "Bags" } } });
        var text = await PostAsync(owner, channel, new { text = "not a poll" });
        Task<HttpResponseMessage> Vote(TestUser who, Guid message, int option) =>
            _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{message}/vote", who, new { option });

        await (await Vote(voters[0], poll, 0)).ReadJsonAsync();
        await (await Vote(voters[1], poll, 0)).ReadJsonAsync();
        await (await Vote(voters[2], poll, 1)).ReadJsonAsync();
        await (await Vote(voters[1], poll, 0)).ReadJsonAsync(); // the same vote again changes nothing
        var changed = await (await Vote(voters[0], poll, 2)).ReadJsonAsync();

        var results = changed.GetProperty("poll");
        Assert.Equal(new[] { 1, 1, 1 }, results.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        Assert.Equal(3, results.GetProperty("totalVotes").GetInt32());
        Assert.Equal(2, results.GetProperty("myVote").GetInt32());
        await (await Vote(voters[0], poll, 3)).AssertValidationErrorAsync("option");
        await (await Vote(voters[0], text, 0)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(3L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_votes WHERE message_id = @poll", new { poll }));
    }

    [Fact]
    public async Task Members_react_once_per_message_and_take_it_back()
    {
        var owner = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        var message = await PostAsync(owner, channel, new { text = "react!" });
        var url = $"/api/v1/channels/{channel}/messages/{message}/reaction";

        await (await _posts.SendAsync(HttpMethod.Put, url, member, new { emoji = "🔥" })).ReadJsonAsync();
        var view = await (await _posts.SendAsync(HttpMethod.Put, url, member, new { emoji = "😂" })).ReadJsonAsync();
        Assert.Equal("😂", view.GetProperty("myReaction").GetString());
        var reaction = Assert.Single(view.GetProperty("reactions").EnumerateArray());
        Assert.Equal(1, reaction.GetProperty("count").GetInt32());
        await (await _posts.SendAsync(HttpMethod.Put, url, member, new { emoji = "abc" })).AssertValidationErrorAsync("emoji");
        await (await _posts.SendAsync(HttpMethod.Delete, url, member)).EnsureNoContentAsync();
        Assert.Empty((await MessagesAsync(member, channel))[0].GetProperty("reactions").EnumerateArray());
    }

    [Fact]
    public async Task A_message_lists_its_most_used_emoji_up_to_the_cap_and_the_readers_own_wherever_it_ranks()
    {
        var owner = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        var message = await PostAsync(owner, channel, new { text = "react!" });
        // Any emoji sequence is a reaction and a channel has no member cap: one more kind than is shown, each used twice.
        await _posts.ExecuteAsync("""
            WITH reactors AS (
                SELECT gen_random_uuid() AS id, k, n FROM generate_series(0, @kinds - 1) k, generate_series(1, 2) n
            ), made AS (
                INSERT INTO users (id, email, username, hashed_password, full_name)
                SELECT id, 'r' || replace(id::text, '-', '') || '@example.com', 'r' || left(replace(id::text, '-', ''), 24), 'x', 'Reactor'
                  FROM reactors
            )
            INSERT INTO broadcast_channel_reactions (message_id, user_id, emoji, created_at)
            SELECT @message, id, chr(128512 + k), now() FROM reactors
            """, new { message, kinds = ChannelRules.ReactionKindsShown + 1 });

        var view = await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{message}/reaction", member,
            new { emoji = "🫠" })).ReadJsonAsync();
        var listed = (await MessagesAsync(member, channel)).Single();

        foreach (var read in new[] { view, listed })
        {
            var reactions = read.GetProperty("reactions").EnumerateArray().ToList();
            Assert.Equal(ChannelRules.ReactionKindsShown, reactions.Count);
            Assert.All(reactions, r => Assert.Equal(2, r.GetProperty("count").GetInt32()));
            Assert.Equal("🫠", read.GetProperty("myReaction").GetString());
        }
    }

    [Fact]
    public async Task A_reaction_is_taken_back_only_through_the_channel_of_its_message()
    {
        // The delete named the channel only to check the caller reads it, then deleted by message id alone: a member removed
        // from one channel took back their reaction there through any other channel they read.
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var message = await PostAsync(owner, channel, new { text = "react!" });
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{message}/reaction", member, new { emoji = "🔥" })).ReadJsonAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{member.Username}", owner)).EnsureNoContentAsync();
        var (_, _, other) = await _channels.WithMemberAsync();
        await (await JoinAsync(member, other)).EnsureNoContentAsync();

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{other}/messages/{message}/reaction", member))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_reactions WHERE message_id = @message", new { message }));
    }

    [Fact]
    public async Task A_members_unread_count_counts_messages_after_their_read_marker_and_muting_is_theirs()
    {
        var owner = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await PostAsync(owner, channel, new { text = "before joining" });
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        Assert.Equal(0, (await MineAsync(member, channel)).GetProperty("unreadCount").GetInt32());
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(5));
            await PostAsync(owner, channel, new { text = $"news {i}" });
        }

        var mine = await MineAsync(member, channel);
        Assert.Equal(3, mine.GetProperty("unreadCount").GetInt32());
        Assert.Equal("member", mine.GetProperty("role").GetString());
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/read", member)).EnsureNoContentAsync();
        Assert.Equal(0, (await MineAsync(member, channel)).GetProperty("unreadCount").GetInt32());
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/mute", member)).EnsureNoContentAsync();
        Assert.True((await MineAsync(member, channel)).GetProperty("muted").GetBoolean());
        Assert.False((await MineAsync(owner, channel)).TryGetProperty("unreadCount", out _)); // the owner posts; they have nothing unread
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/mute", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_members_unread_count_leaves_out_what_their_page_leaves_out_a_deactivated_cohosts_messages()
    {
        // The page shows messages of live senders only; the count counted a deactivated co-host's too, so a member saw
        // "2 unread" over a page with nothing new in it.
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        await PostAsync(cohost, channel, new { text = "from the co-host" });
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        var news = await PostAsync(owner, channel, new { text = "from the owner" });
        await _posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = cohost.Id });

        Assert.Equal([news], (await _channels.MessagesAsync(member, channel)).Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal(1, (await MineAsync(member, channel)).GetProperty("unreadCount").GetInt32());
        var one = await (await _posts.GetAsync($"/api/v1/channels/{channel}", member)).ReadJsonAsync();
        Assert.Equal(1, one.GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_problem_and_changes_nothing()
    {
        var owner = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = "  " })).AssertValidationErrorAsync("name");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = new string('x', 51) })).AssertValidationErrorAsync("name");
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE owner_id = @id", new { id = owner.Id }));

        var channel = await CreateAsync(owner);
        var url = $"/api/v1/channels/{channel}/messages";
        await (await _posts.SendAsync(HttpMethod.Post, url, owner, new { text = new string('x', 1001) })).AssertValidationErrorAsync("text");
        await (await _posts.SendAsync(HttpMethod.Post, url, owner, new { })).AssertValidationErrorAsync("text");
        await (await _posts.SendAsync(HttpMethod.Post, url, owner, new { poll = new { question = "Q?", options = new[] { "only" } } }))
            .AssertValidationErrorAsync("poll.options");
        await (await _posts.SendAsync(HttpMethod.Post, url, owner, new { text = "and", poll = new { question = "Q?", options = new[] { "a", "b" } } }))
            .AssertValidationErrorAsync("poll");
        await (await _posts.SendAsync(HttpMethod.Post, url, owner, new { uploadId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync("/api/v1/channels/not-an-id", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await MessageRowsAsync(channel));

        for (var i = 1; i < 5; i++) await CreateAsync(owner, $"Channel {i}");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = "Sixth" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(5L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE owner_id = @id", new { id = owner.Id }));
    }

    [Fact]
    public async Task An_accepted_cohost_posts_and_the_owner_may_delete_any_message_and_a_member_none()
    {
        var owner = await _posts.NewUserAsync();
        var cohost = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{cohost.Username}", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", cohost, new { text = "early" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden); // not before accepting
        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'channel_cohost_invite'", new { id = cohost.Id }));
        var accepted = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", cohost)).ReadJsonAsync();
        Assert.Equal("cohost", accepted.GetProperty("role").GetString());

        var media = await _posts.UploadAsync(cohost, purpose: "message");
        var byCohost = await PostAsync(cohost, channel, new { text = "from the co-host", uploadId = media.UploadId });
        var seen = Assert.Single(await MessagesAsync(member, channel));
        Assert.Equal("image", seen.GetProperty("media").GetProperty("type").GetString());

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{byCohost}", member)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{byCohost}", owner)).EnsureNoContentAsync();
        Assert.Equal(0L, await MessageRowsAsync(channel));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @id", new { id = media.UploadId }));
    }

    [Fact]
    public async Task Creating_a_channel_invites_the_owners_followers_once_but_not_across_a_block()
    {
        var owner = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var blocker = await _posts.NewUserAsync();
        await _posts.FollowAsync(fan, owner);
        await _posts.FollowAsync(blocker, owner);
        await _posts.BlockAsync(blocker, owner);
        var channel = await CreateAsync(owner, "Behind the scenes");
        await new EntityEvents(app, "channelId").SettleAsync(channel);

        Task<long> Notices(TestUser user) => _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'channel_invite' AND actor_id = @owner", new { id = user.Id, owner = owner.Id });
        Assert.Equal(1L, await Notices(fan));
        Assert.Equal(0L, await Notices(blocker));
        var notice = (await (await _posts.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "channel_invite");
        Assert.Contains("Behind the scenes", notice.GetProperty("text").GetString());

        // Ending it and starting another does not invite the same followers again within the week.
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();
        var newFan = await _posts.NewUserAsync();
        await _posts.FollowAsync(newFan, owner);
        var again = await CreateAsync(owner, "Behind the scenes, again");
        await new EntityEvents(app, "channelId").SettleAsync(again);
        Assert.Equal(1L, await Notices(fan));
        Assert.Equal(1L, await Notices(newFan));
    }

    [Fact]
    public async Task A_purged_owners_channels_and_a_purged_cohosts_messages_go_and_the_export_lists_the_accounts_channels()
    {
        var owner = await _posts.NewUserAsync();
        var cohost = await _posts.NewUserAsync();
        var member = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner, "Exported");
        var other = await CreateAsync(member, "Member's own");
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{other}/cohosts/{cohost.Username}", member)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{other}/cohost/accept", cohost)).ReadJsonAsync();
        var media = await _posts.UploadAsync(cohost, purpose: "message");
        await PostAsync(cohost, other, new { uploadId = media.UploadId });
        var poll = await PostAsync(owner, channel, new { poll = new { question = "Q?", options = new[] { "a", "b" } } });
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{poll}/vote", member, new { option = 1 })).ReadJsonAsync();

        var export = (await (await _posts.GetAsync("/api/v1/users/me/export", member)).ReadJsonAsync()).GetProperty("broadcastChannels").EnumerateArray().ToList();
        Assert.Equal(new[] { ("Exported", "member"), ("Member's own", "owner") }.Order(),
            export.Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("role").GetString()!)).Order());
        Assert.Equal(1, export.Single(c => c.GetProperty("role").GetString() == "member").GetProperty("votes")[0].GetProperty("option").GetInt32());

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "broadcast channels");
        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            foreach (var gone in new[] { owner, cohost })
                while (await step.PurgeAsync(conn, tx, gone.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE id = @channel", new { channel }));
        Assert.Equal(0L, await MessageRowsAsync(other));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @id", new { id = media.UploadId }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE id = @other", new { other }));
    }

    [Fact]
    public async Task An_edit_racing_the_end_of_the_channel_is_a_409_not_a_200_that_kept_nothing()
    {
        // The edit checked the channel outside a transaction and then updated it only while live: an end committing in
        // between made the update change nothing, and the owner got 200 with the old name as if the edit had been taken.
        var owner = await _posts.NewUserAsync();
        var channel = await CreateAsync(owner, "Before");

        var db = await TestDatabase.GetAsync();
        await using var ending = await db.OpenConnectionAsync();
        await using var tx = await ending.BeginTransactionAsync();
        await ending.ExecuteAsync(ChannelsSql.End, new { channelId = channel, viewer = owner.Id, now = app.Clock.GetUtcNow() }, tx);
        var editing = _posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}", owner, new { name = "After" });
        await TransactionRace.WaitUntilBlockedByAsync(db, ending.ProcessID, editing);
        await tx.CommitAsync();

        await (await editing).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Before", await _posts.ScalarAsync<string>("SELECT name FROM broadcast_channels WHERE id = @channel", new { channel }));
    }

    [Fact]
    public async Task Limits_count_characters_as_the_tables_do_so_an_emoji_counts_once()
    {
        // Counted in UTF-16 units, a name of 26 emoji (26 characters) was refused as "at most 50 characters".
        var owner = await _posts.NewUserAsync();
        var name = string.Concat(Enumerable.Repeat("🌷", ChannelRules.MaxNameLength));
        var created = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner,
            new { name, description = string.Concat(Enumerable.Repeat("🌷", ChannelRules.MaxDescriptionLength)) })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, created.GetProperty("name").GetString());
        var channel = created.GetProperty("id").GetGuid();
        await PostAsync(owner, channel, new { text = string.Concat(Enumerable.Repeat("😀", ChannelRules.MaxTextLength)) });
        await PostAsync(owner, channel, new { poll = new { question = string.Concat(Enumerable.Repeat("❓", ChannelRules.MaxQuestionLength)),
            options = new[] { string.Concat(Enumerable.Repeat("🌷", ChannelRules.MaxOptionLength)), "🌹" } } });
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner,
            new { text = string.Concat(Enumerable.Repeat("😀", ChannelRules.MaxTextLength + 1)) })).AssertValidationErrorAsync("text");
    }
}
