using System.Net;
using Fowergram.Tests.Features.Accounts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The write routes <see cref="GoneAccountWriteTests"/> cannot judge for want of a target in the right state: each is given
/// one here (a channel joined, someone else's story, a trial reel, an enrolment begun, a post of two items), its caller made
/// gone by SQL with the token still valid, and must answer the account's 401 and change nothing; brought back, the same
/// request is served, so the state was one the route serves.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountStateTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    public static TheoryData<string, string> Gone => new()
    {
        { "UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id" },
        { "UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id" },
    };

    private const string MemberRow = """
        SELECT m.is_muted, m.last_read_at = m.joined_at FROM broadcast_channel_members m WHERE m.channel_id = @channel AND m.user_id = @member
        """;

    /// <summary>Mute, unmute and the read mark: the 401 also on a channel the caller is no member of (not its 409).</summary>
    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_channel_member_neither_mutes_nor_unmutes_nor_marks_read(string gone, string back)
    {
        var channels = new ChannelClient(app);
        var (owner, member, channel) = await channels.WithMemberAsync();
        var elsewhere = await channels.CreateAsync(await _posts.NewUserAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // the message is newer than the join, so a read mark would move
        await channels.PostAsync(owner, channel, new { text = "news" });
        await _posts.ExecuteAsync(gone, new { id = member.Id });

        foreach (var target in new[] { channel, elsewhere })
        {
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{target}/mute", member)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{target}/mute", member)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{target}/read", member)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        Assert.Equal((false, true), (await _posts.QueryAsync<(bool, bool)>(MemberRow, new { channel, member = member.Id })).Single());

        await _posts.ExecuteAsync(back, new { id = member.Id });
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{elsewhere}/mute", member)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/mute", member)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/read", member)).EnsureNoContentAsync();
        Assert.Equal((true, false), (await _posts.QueryAsync<(bool, bool)>(MemberRow, new { channel, member = member.Id })).Single());
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/mute", member)).EnsureNoContentAsync();
        Assert.False(await _posts.ScalarAsync<bool>("SELECT is_muted FROM broadcast_channel_members WHERE channel_id = @channel AND user_id = @member",
            new { channel, member = member.Id }));
    }

    /// <summary>A pin was refused as the message's 404 (the gone owner's messages are hidden); it answers the account's 401, as the unpin does.</summary>
    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_channel_owner_pins_nothing(string gone, string back)
    {
        var channels = new ChannelClient(app);
        var owner = await _posts.NewUserAsync();
        var channel = await channels.CreateAsync(owner);
        var message = await channels.PostAsync(owner, channel, new { text = "read this first" });
        await _posts.ExecuteAsync(gone, new { id = owner.Id });
        var pin = $"/api/v1/channels/{channel}/messages/{message}/pin";

        await (await _posts.SendAsync(HttpMethod.Put, pin, owner)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(await _posts.ScalarAsync<DateTime?>("SELECT pinned_at FROM broadcast_channel_messages WHERE id = @message", new { message }));

        await _posts.ExecuteAsync(back, new { id = owner.Id });
        await (await _posts.SendAsync(HttpMethod.Put, pin, owner)).EnsureNoContentAsync();
        Assert.NotNull(await _posts.ScalarAsync<DateTime?>("SELECT pinned_at FROM broadcast_channel_messages WHERE id = @message", new { message }));
    }

    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_account_replies_to_no_story(string gone, string back)
    {
        var (author, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var story = (await new StoryClient(app).CreateStoryAsync(new Person(author.Id, author.Username))).Id;
        await _posts.ExecuteAsync(gone, new { id = fan.Id });
        const string Threads = """
            SELECT count(*) FROM conversation_participants p WHERE p.user_id = @fan
            """;

        await (await ReplyAsync(fan, story)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(Threads, new { fan = fan.Id })); // not even an empty thread

        await _posts.ExecuteAsync(back, new { id = fan.Id });
        var sent = await (await ReplyAsync(fan, story)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(story, sent.GetProperty("sharedStory").GetProperty("id").GetGuid());
    }

    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_author_shares_no_trial_reel(string gone, string back)
    {
        var reels = new ReelsClient(app);
        var author = await _posts.NewUserAsync();
        var slot = await reels.VideoAsync(author);
        var reel = (await (await reels.CreateAsync(author, new { uploadId = slot.UploadId, caption = "", durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await _posts.ExecuteAsync(gone, new { id = author.Id });

        await (await ShareAsync(author, reel)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("running", await TrialStatusAsync(reel));

        await _posts.ExecuteAsync(back, new { id = author.Id });
        (await ShareAsync(author, reel)).EnsureSuccessStatusCode();
        Assert.Equal("shared", await TrialStatusAsync(reel));
    }

    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_account_confirms_no_two_factor_enrolment(string gone, string back)
    {
        var account = await app.Client.RegisterAsync();
        var enrolment = await (await app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", new { password = account.Password },
            account.AccessToken)).ReadJsonAsync();
        var code = TwoFactorTests.CodeAt(app, TwoFactorTests.Base32Decode(enrolment.GetProperty("secret").GetString()!), 0);
        await _posts.ExecuteAsync(gone, new { id = account.Id });
        const string Enabled = """
            SELECT (SELECT enabled_at IS NOT NULL FROM account_two_factor WHERE user_id = @id)
                OR EXISTS (SELECT 1 FROM two_factor_recovery_codes WHERE user_id = @id)
            """;

        await (await ConfirmAsync(account, code)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await _posts.ScalarAsync<bool>(Enabled, new { id = account.Id }));

        await _posts.ExecuteAsync(back, new { id = account.Id });
        Assert.Equal(10, (await (await ConfirmAsync(account, code)).ReadJsonAsync()).GetProperty("recoveryCodes").GetArrayLength());
        Assert.True(await _posts.ScalarAsync<bool>(Enabled, new { id = account.Id }));
    }

    [Theory]
    [MemberData(nameof(Gone))]
    public async Task A_gone_author_takes_no_item_out_of_a_carousel(string gone, string back)
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.CreatePostAsync(author, "two photos", mediaCount: 2);
        var postId = post.GetProperty("id").GetGuid();
        var item = post.GetProperty("media")[0].GetProperty("id").GetGuid();
        await _posts.ExecuteAsync(gone, new { id = author.Id });
        const string Items = """
            SELECT (SELECT count(*) FROM post_media WHERE post_id = @postId) * 10 + (SELECT count(*) FROM deleted_post_media WHERE post_id = @postId)
            """;

        await (await RemoveAsync(author, postId, item)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(20L, await _posts.ScalarAsync<long>(Items, new { postId })); // two in the post, none in "Recently deleted"

        await _posts.ExecuteAsync(back, new { id = author.Id });
        var left = await (await RemoveAsync(author, postId, item)).ReadJsonAsync();
        Assert.Equal(1, left.GetProperty("media").GetArrayLength());
    }

    private Task<HttpResponseMessage> ReplyAsync(TestUser fan, Guid story) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", fan, new { text = "love this!" });

    private Task<HttpResponseMessage> ShareAsync(TestUser author, Guid reel) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/trial/share", author);

    private Task<string> TrialStatusAsync(Guid reel) => _posts.ScalarAsync<string>("SELECT trial_status FROM reels WHERE id = @reel", new { reel });

    private Task<HttpResponseMessage> ConfirmAsync(TestAccount account, string code) =>
        app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor/confirm", new { code }, account.AccessToken);

    private Task<HttpResponseMessage> RemoveAsync(TestUser author, Guid postId, Guid item) =>
        _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{item}", author);
}
