using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Collab posts (docs/posts.md "Collab posts"): invitations, their answers, and where an accepted collaboration shows the post.</summary>
[Collection(ApiCollection.Name)]
public sealed class CollabPostsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> InviteAsync(TestUser author, Guid post, string username) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username });

    private Task<HttpResponseMessage> AcceptAsync(TestUser invitee, Guid post) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{post}/accept", invitee);

    private async Task<List<Guid>> GridAsync(TestUser owner, TestUser? viewer) =>
        Ids(await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/posts?limit=50", viewer)).ReadJsonAsync());

    private async Task<JsonElement?> FeedItemAsync(TestUser reader, Guid post)
    {
        var feed = await (await _posts.GetAsync("/api/v1/feed?limit=50", reader)).ReadJsonAsync();
        foreach (var item in feed.GetProperty("items").EnumerateArray())
            if (item.GetProperty("id").GetGuid() == post) return item;
        return null;
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static List<string> Usernames(JsonElement view) => view.TryGetProperty("collaborators", out var list)
        ? list.EnumerateArray().Select(c => c.GetProperty("username").GetString()!).ToList()
        : [];

    private async Task<List<(string Username, string State)>> CollaboratorsAsync(Guid post, TestUser? viewer) =>
        (await (await _posts.GetAsync($"/api/v1/posts/{post}/collaborators", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(c => (c.GetProperty("user").GetProperty("username").GetString()!, c.GetProperty("state").GetString()!)).ToList();

    private Task<long> NoticesAsync(TestUser recipient, string type, Guid post) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @id AND type = @type AND entity_id = @post", new { id = recipient.Id, type, post });

    /// <summary>An author with a post, a collaborator who accepted it, and a follower of the collaborator only; events settled.</summary>
    private async Task<(TestUser Author, TestUser Collaborator, TestUser Fan, Guid Post)> AcceptedAsync(bool privateAuthor = false)
    {
        var (author, collaborator, fan) = (await _posts.NewUserAsync(privateAuthor), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        if (privateAuthor) await _posts.FollowAsync(collaborator, author);
        await _posts.FollowAsync(fan, collaborator);
        var post = await _posts.PostIdAsync(author, "Together");
        await (await InviteAsync(author, post, collaborator.Username)).EnsureNoContentAsync();
        await (await AcceptAsync(collaborator, post)).ReadJsonAsync();
        await _posts.SettleAsync(post);
        return (author, collaborator, fan, post);
    }

    [Fact]
    public async Task Following_a_collaborator_brings_its_collaborations_and_unfollowing_it_keeps_them_for_followers_of_the_author()
    {
        var (author, collaborator, _, post) = await AcceptedAsync();
        var late = await _posts.NewUserAsync();
        await _posts.FollowOverHttpAsync(late, collaborator);
        Assert.NotNull(await FeedItemAsync(late, post));
        // Following the author too, then leaving the collaborator: the post stays, through the author.
        await _posts.FollowOverHttpAsync(late, author);
        await _posts.UnfollowOverHttpAsync(late, collaborator);
        Assert.NotNull(await FeedItemAsync(late, post));
        await _posts.UnfollowOverHttpAsync(late, author);
        Assert.Null(await FeedItemAsync(late, post));
    }

    [Fact]
    public async Task A_collaborator_leaving_keeps_the_post_for_its_followers_who_follow_the_author()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync(); // the fan's entry came through the collaborator
        var loyal = await _posts.NewUserAsync();
        await _posts.FollowOverHttpAsync(loyal, collaborator);
        await _posts.FollowOverHttpAsync(loyal, author); // the entry stays the collaborator's: one per reader and post

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/{collaborator.Username}", collaborator)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.NotNull(await FeedItemAsync(loyal, post)); // through the author now
        Assert.Null(await FeedItemAsync(fan, post)); // the fan followed the collaborator only
    }

    [Fact]
    public async Task An_accepted_invitation_puts_the_post_on_the_collaborators_grid_and_in_their_followers_feed_under_its_author()
    {
        var (author, collaborator, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(fan, collaborator);
        var post = await _posts.PostIdAsync(author, "Together");

        await (await InviteAsync(author, post, collaborator.Username)).EnsureNoContentAsync();

        Assert.Equal(1L, await NoticesAsync(collaborator, "collab_invite", post));
        var notice = (await (await _posts.GetAsync("/api/v1/notifications", collaborator)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "collab_invite");
        Assert.Equal($"{author.Username} invited you to collaborate on their post.", notice.GetProperty("text").GetString());
        var invitations = await (await _posts.GetAsync("/api/v1/users/me/collab-invitations", collaborator)).ReadJsonAsync();
        var invitation = Assert.Single(invitations.GetProperty("items").EnumerateArray());
        Assert.Equal(post, invitation.GetProperty("post").GetProperty("id").GetGuid());
        Assert.Equal(author.Username, invitation.GetProperty("post").GetProperty("author").GetProperty("username").GetString());
        Assert.True(invitation.TryGetProperty("invitedAt", out _));
        Assert.Equal([(collaborator.Username, "pending")], await CollaboratorsAsync(post, author));
        Assert.Empty(await CollaboratorsAsync(post, fan)); // a pending invitation is the author's to see
        Assert.Empty(Usernames(await (await _posts.GetAsync($"/api/v1/posts/{post}", fan)).ReadJsonAsync()));
        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));

        var accepted = await (await AcceptAsync(collaborator, post)).ReadJsonAsync();
        await _posts.SettleAsync(post);

        Assert.Equal([collaborator.Username], Usernames(accepted));
        Assert.Equal(1L, await NoticesAsync(author, "collab_accepted", post));
        Assert.Empty((await (await _posts.GetAsync("/api/v1/users/me/collab-invitations", collaborator)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal([(collaborator.Username, "accepted")], await CollaboratorsAsync(post, fan));
        Assert.Equal([(collaborator.Username, "accepted")], await CollaboratorsAsync(post, null));
        Assert.Equal([collaborator.Username], Usernames(await (await _posts.GetAsync($"/api/v1/posts/{post}", null)).ReadJsonAsync()));

        Assert.Contains(post, await GridAsync(collaborator, fan));
        Assert.Contains(post, await GridAsync(author, fan));
        var card = (await (await _posts.GetAsync($"/api/v1/users/{collaborator.Username}/posts", fan)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == post);
        Assert.Equal(author.Username, card.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal([collaborator.Username], Usernames(card));
        var item = await FeedItemAsync(fan, post);
        Assert.NotNull(item);
        Assert.Equal(author.Id, item.Value.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal([collaborator.Username], Usernames(item.Value));
        Assert.NotNull(await FeedItemAsync(collaborator, post));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @fan AND post_id = @post AND author_id = @via",
            new { fan = fan.Id, post, via = collaborator.Id }));
        // The profile's post count stays the author's own.
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT coalesce((SELECT post_count FROM user_stats WHERE user_id = @id), 0)", new { id = collaborator.Id }));
    }

    [Fact]
    public async Task Creating_a_post_with_collaborators_invites_each_and_a_refused_name_writes_nothing()
    {
        var (author, first, second) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var upload = (await _posts.UploadAsync(author)).UploadId;
        var created = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = upload } }, collaborators = new[] { first.Username, "@" + second.Username.ToUpperInvariant() } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var post = created.GetProperty("id").GetGuid();
        Assert.Equal(new[] { (first.Username, "pending"), (second.Username, "pending") }.Order(), (await CollaboratorsAsync(post, author)).Order());
        Assert.Equal(1L, await NoticesAsync(second, "collab_invite", post));

        var before = await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id });
        var other = (await _posts.UploadAsync(author)).UploadId;
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = other } }, collaborators = new[] { first.Username, "no_such_user_" + Guid.NewGuid().ToString("N")[..8] } }))
            .AssertValidationErrorAsync("collaborators[1]");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = other } }, collaborators = new[] { first.Username, first.Username } })).AssertValidationErrorAsync("collaborators[1]");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = other } }, collaborators = new[] { author.Username } })).AssertValidationErrorAsync("collaborators[0]");
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = other } }, collaborators = Enumerable.Range(0, 6).Select(i => $"u{i}").ToArray() }))
            .AssertValidationErrorAsync("collaborators");
        Assert.Equal(before, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id }));
        Assert.Equal(1L, await NoticesAsync(first, "collab_invite", post)); // the refused post invited nobody
    }

    [Fact]
    public async Task An_acceptance_racing_the_posts_deletion_is_a_404_that_accepts_nothing()
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await InviteAsync(author, post, invitee.Username)).EnsureNoContentAsync();

        // The author deletes the post while the acceptance is under way: held at the invitation's row (after the visibility
        // check, before the answer is written), the deletion commits meanwhile.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM post_collaborators WHERE post_id = @post FOR UPDATE", new { post }, tx);
        await Dapper.SqlMapper.ExecuteAsync(holder,
            "UPDATE posts SET deleted_at = now(), restorable_until = now() + interval '30 days' WHERE id = @post", new { post }, tx);
        var accepting = AcceptAsync(invitee, post);
        await TransactionRace.WaitUntilBlockedByAsync(db, holder.ProcessID, accepting);
        await tx.CommitAsync();

        // Before the fix: the 404 came after the invitation was accepted and the author told so.
        await (await accepting).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM post_collaborators WHERE post_id = @post AND accepted_at IS NOT NULL", new { post }));
        Assert.Equal(0L, await NoticesAsync(author, "collab_accepted", post));
    }

    [Fact]
    public async Task Declining_removes_the_invitation_and_its_notice_and_cannot_be_accepted_after()
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await InviteAsync(author, post, invitee.Username)).EnsureNoContentAsync();

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/collab-invitations/{post}", invitee)).EnsureNoContentAsync();

        Assert.Empty(await CollaboratorsAsync(post, author));
        Assert.Equal(0L, await NoticesAsync(invitee, "collab_invite", post));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/collab-invitations/{post}", invitee)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AcceptAsync(invitee, post)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await NoticesAsync(author, "collab_accepted", post));
        await (await InviteAsync(author, post, invitee.Username)).EnsureNoContentAsync(); // may be invited again
    }

    [Fact]
    public async Task Leaving_takes_the_post_off_the_collaborators_grid_and_out_of_their_followers_feeds()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync();
        Assert.NotNull(await FeedItemAsync(fan, post));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/{collaborator.Username}", collaborator)).EnsureNoContentAsync();

        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));
        Assert.Null(await FeedItemAsync(fan, post)); // at read time, before any consumer ran
        await _posts.SettleAsync(post);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post AND author_id = @via",
            new { post, via = collaborator.Id }));
        Assert.Empty(await CollaboratorsAsync(post, author));
        Assert.Contains(post, await GridAsync(author, fan)); // still the author's
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/me", collaborator)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_author_removes_a_collaborator_or_withdraws_an_invitation()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync();
        var pending = await _posts.NewUserAsync();
        await (await InviteAsync(author, post, pending.Username)).EnsureNoContentAsync();

        foreach (var name in new[] { collaborator.Username, pending.Username })
            await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/{name}", author)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);

        Assert.Empty(await CollaboratorsAsync(post, author));
        Assert.Equal(0L, await NoticesAsync(pending, "collab_invite", post));
        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));
        Assert.Null(await FeedItemAsync(fan, post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post AND author_id = @via",
            new { post, via = collaborator.Id }));
        // Someone else's removal is a 404 and changes nothing.
        await (await InviteAsync(author, post, pending.Username)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/collaborators/{pending.Username}", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([(pending.Username, "pending")], await CollaboratorsAsync(post, author));
    }

    [Fact]
    public async Task Invitations_are_refused_for_oneself_hidden_or_unwilling_accounts_duplicates_beyond_five_and_from_anyone_but_the_author()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        await (await InviteAsync(author, post, author.Username)).AssertValidationErrorAsync("username");
        await (await InviteAsync(author, post, "nobody_" + Guid.NewGuid().ToString("N")[..10])).AssertProblemAsync(HttpStatusCode.NotFound);
        var (blocked, blocker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.BlockAsync(author, blocked);
        await _posts.BlockAsync(blocker, author);
        await (await InviteAsync(author, post, blocked.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await InviteAsync(author, post, blocker.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        var deactivated = await _posts.NewUserAsync();
        await _posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = deactivated.Id });
        await (await InviteAsync(author, post, deactivated.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        var (closed, picky) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.ExecuteAsync("UPDATE users SET allow_tags = 'nobody' WHERE id = @id", new { id = closed.Id });
        await _posts.ExecuteAsync("UPDATE users SET allow_tags = 'following' WHERE id = @id", new { id = picky.Id });
        await (await InviteAsync(author, post, closed.Username)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await InviteAsync(author, post, picky.Username)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await _posts.FollowAsync(picky, author);
        await (await InviteAsync(author, post, picky.Username)).EnsureNoContentAsync(); // it follows the author now
        await (await InviteAsync(author, post, picky.Username)).AssertProblemAsync(HttpStatusCode.Conflict);
        for (var i = 0; i < 4; i++) await (await InviteAsync(author, post, (await _posts.NewUserAsync()).Username)).EnsureNoContentAsync();
        await (await InviteAsync(author, post, (await _posts.NewUserAsync()).Username)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(5, (await CollaboratorsAsync(post, author)).Count);
        Assert.Equal(0L, await NoticesAsync(closed, "collab_invite", post));

        var (other, target) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var open = await _posts.PostIdAsync(author);
        await (await InviteAsync(other, open, target.Username)).AssertProblemAsync(HttpStatusCode.NotFound); // someone else's post
        await (await InviteAsync(author, Guid.NewGuid(), target.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/not-a-uuid/collaborators", author, new { username = target.Username }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{open}/collaborators", author, new { username = "" })).AssertValidationErrorAsync("username");
        await (await _posts.SendRawAsync(HttpMethod.Post, $"/api/v1/posts/{open}/collaborators", author, "{")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await InviteAsync(null!, open, target.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.GetAsync("/api/v1/users/me/collab-invitations?limit=0", target)).AssertValidationErrorAsync("limit");
        await (await _posts.GetAsync("/api/v1/users/me/collab-invitations", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await CollaboratorsAsync(open, author));
    }

    [Fact]
    public async Task A_private_authors_collab_post_reaches_only_the_authors_approved_followers_through_the_collaborator()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync(privateAuthor: true);
        var approved = await _posts.NewUserAsync();
        await _posts.FollowAsync(approved, collaborator);
        await _posts.FollowAsync(approved, author);
        await _posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = fan.Id, b = author.Id });
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/collaborators", author, new { username = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        // Re-fan the post now that the approved follower exists (as an accept after the follow would).
        await _posts.ExecuteAsync("""
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT @reader, created_at, id, @via FROM posts WHERE id = @post ON CONFLICT DO NOTHING
            """, new { reader = approved.Id, via = collaborator.Id, post });

        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));
        Assert.Null(await FeedItemAsync(fan, post)); // it has an entry (fanned out) but may not see the author's content
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @fan AND post_id = @post", new { fan = fan.Id, post }));
        Assert.Contains(post, await GridAsync(collaborator, approved));
        Assert.NotNull(await FeedItemAsync(approved, post));
        Assert.DoesNotContain(post, await GridAsync(collaborator, null));
    }

    [Fact]
    public async Task Archiving_deleting_blocking_or_unfollowing_hides_the_collab_post_wherever_the_collaborator_brought_it()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync();
        var (blocker, unfollower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(blocker, collaborator);
        await _posts.FollowAsync(unfollower, collaborator);
        await _posts.ExecuteAsync("""
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT r, created_at, id, @via FROM posts, unnest(@readers) r WHERE id = @post ON CONFLICT DO NOTHING
            """, new { readers = new[] { blocker.Id, unfollower.Id }, via = collaborator.Id, post });
        Assert.NotNull(await FeedItemAsync(blocker, post));

        await _posts.BlockAsync(blocker, author); // the author, not the collaborator
        await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = unfollower.Id, b = collaborator.Id });
        Assert.Null(await FeedItemAsync(blocker, post));
        Assert.DoesNotContain(post, await GridAsync(collaborator, blocker));
        Assert.Null(await FeedItemAsync(unfollower, post));

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/archive", author)).EnsureNoContentAsync();
        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));
        Assert.DoesNotContain(post, await GridAsync(collaborator, collaborator));
        Assert.Null(await FeedItemAsync(fan, post));
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/unarchive", author)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.Contains(post, await GridAsync(collaborator, fan));
        Assert.NotNull(await FeedItemAsync(fan, post)); // fanned out again through the collaborator

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        Assert.DoesNotContain(post, await GridAsync(collaborator, fan));
        Assert.Null(await FeedItemAsync(fan, post));
    }

    [Fact]
    public async Task A_purged_collaborators_collaborations_end_and_their_feed_entries_go()
    {
        var (author, collaborator, fan, post) = await AcceptedAsync();
        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "posts");
        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, collaborator.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        await _posts.SettleAsync(post);

        Assert.Empty(await CollaboratorsAsync(post, author));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post AND author_id = @via",
            new { post, via = collaborator.Id }));
        Assert.Null(await FeedItemAsync(fan, post));
    }

    [Fact]
    public async Task The_export_lists_the_accounts_collaborations_and_invitations()
    {
        var (author, collaborator, _, post) = await AcceptedAsync();
        var pending = await _posts.PostIdAsync(author);
        await (await InviteAsync(author, pending, collaborator.Username)).EnsureNoContentAsync();

        var export = await (await _posts.GetAsync("/api/v1/users/me/export", collaborator)).ReadJsonAsync();

        var rows = export.GetProperty("collaborations").EnumerateArray()
            .Select(c => (c.GetProperty("postId").GetGuid(), c.GetProperty("author").GetString()!, c.GetProperty("state").GetString()!)).ToList();
        Assert.Equal(new[] { (post, author.Username, "accepted"), (pending, author.Username, "pending") }.Order(), rows.Order());
        Assert.Empty((await (await _posts.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync()).GetProperty("collaborations").EnumerateArray());
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task An_author_whose_account_is_gone_gets_the_401_of_a_gone_account_and_invites_nobody(string gone)
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await _posts.ExecuteAsync(gone, new { id = author.Id });

        // Tokens outlive accounts: the refusal is the account's, not a 409 telling the author the invitee cannot see the post.
        await (await InviteAsync(author, post, invitee.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM post_collaborators WHERE post_id = @post", new { post }));
        Assert.Equal(0L, await NoticesAsync(invitee, "collab_invite", post));
    }

    [Fact]
    public async Task Accepting_an_invitation_to_a_post_the_caller_reposted_takes_the_repost_away_as_its_delete_would()
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", invitee)).EnsureNoContentAsync();
        await (await InviteAsync(author, post, invitee.Username)).EnsureNoContentAsync();

        var accepted = await (await AcceptAsync(invitee, post)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(accepted.GetProperty("isReposted").GetBoolean());
        Assert.Contains(post, await GridAsync(invitee, author));
        Assert.DoesNotContain(post, Ids(await (await _posts.GetAsync($"/api/v1/users/{invitee.Username}/reposts?limit=50", author)).ReadJsonAsync()));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reposts WHERE post_id = @post", new { post }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'post.unreposted' AND actor_id = @id AND payload->>'postId' = @key",
            new { id = invitee.Id, key = post.ToString() }));
    }

    [Fact]
    public async Task A_repost_racing_the_acceptance_of_an_invitation_to_the_post_waits_for_it_and_is_refused()
    {
        var (author, invitee) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await InviteAsync(author, post, invitee.Username)).EnsureNoContentAsync();

        // The acceptance under way (its row written, not committed) when the invitee's repost comes.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder,
            "UPDATE post_collaborators SET accepted_at = invited_at WHERE post_id = @post AND user_id = @id", new { post, id = invitee.Id }, tx);
        var reposting = _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", invitee);
        await TransactionRace.WaitUntilBlockedByAsync(db, holder.ProcessID, reposting);
        await tx.CommitAsync();

        // Before the lock: the repost read the invitation as still open and was kept beside the co-authorship.
        await (await reposting).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reposts WHERE post_id = @post", new { post }));
    }
}

