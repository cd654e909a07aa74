using Dapper;
using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// Sharing a post (migration 0138) or a reel (0139) to a story: one's own, or a public account's that allows it; each viewer
/// of the story sees it only while they may see it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StorySharedPostTests(FowergramApp app)
{
    private readonly StoryClient _stories = new(app);
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);

    private TestUser As(Person who) => new(who.Id, who.Username, _stories.TokenOf(who));

    private async Task<Guid> PostAsync(Person author) => await _posts.PostIdAsync(As(author), "shared");

    private async Task<HttpResponseMessage> ShareAsync(Person sharer, object id, string member = "sharedPostId")
    {
        var body = new Dictionary<string, object?> { ["uploadId"] = await _stories.UploadAsync(sharer), [member] = id };
        return await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", sharer, body);
    }

    private Task<HttpResponseMessage> SwitchAsync(Person who, object body) =>
        _stories.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-reshares", who, body);

    private static JsonElement? Card(JsonElement story) => story.TryGetProperty("sharedPost", out var card) ? card : null;

    [Fact]
    public async Task A_shared_post_shows_as_a_card_to_each_viewer_only_while_they_may_see_the_post()
    {
        var (author, sharer, viewer, blocked) =
            (await _stories.NewUserAsync(), await _stories.NewUserAsync(), await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var postId = await PostAsync(author);
        var story = await (await ShareAsync(sharer, postId)).ReadJsonAsync(HttpStatusCode.Created);
        var storyId = story.GetProperty("id").GetGuid();
        Assert.Equal(postId, Card(story)!.Value.GetProperty("id").GetGuid());
        Assert.Equal(author.Username, Card(story)!.Value.GetProperty("author").GetProperty("username").GetString());

        Assert.Equal(postId, Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer))!.Value.GetProperty("id").GetGuid());
        await _stories.BlockAsync(author, blocked);
        Assert.Null(Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", blocked)));

        // The author goes private: strangers lose the card, the story stays.
        await _stories.ExecAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        Assert.Null(Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer)));
        await _stories.ExecAsync("UPDATE users SET is_private = false WHERE id = @id", new { id = author.Id });

        // The post is archived, then deleted: the card goes for everyone but (while archived) its author.
        await _stories.ExecAsync("UPDATE posts SET is_archived = true WHERE id = @postId", new { postId });
        Assert.Null(Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer)));
        await _stories.FollowAsync(author, sharer);
        var tray = await _stories.GetJsonAsync("/api/v1/stories/tray", author);
        var inTray = tray.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("stories").EnumerateArray())
            .Single(s => s.GetProperty("id").GetGuid() == storyId);
        Assert.Equal(postId, Card(inTray)!.Value.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.Media.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", As(author))).StatusCode);
        Assert.Null(Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", author)));
        Assert.Null(Card(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", sharer)));
    }

    [Fact]
    public async Task Only_ones_own_post_or_a_public_authors_that_allows_it_is_shared_and_a_refusal_writes_nothing()
    {
        var (author, privateAuthor, sharer, follower) =
            (await _stories.NewUserAsync(), await _stories.NewUserAsync(isPrivate: true), await _stories.NewUserAsync(), await _stories.NewUserAsync());
        await _stories.FollowAsync(follower, privateAuthor);
        var (open, closed, mine) = (await PostAsync(author), await PostAsync(privateAuthor), await PostAsync(sharer));
        var archived = await PostAsync(sharer);
        await _stories.ExecAsync("UPDATE posts SET is_archived = true WHERE id = @archived", new { archived });
        var stories = await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE shared_post_id IS NOT NULL AND user_id = ANY(@ids)",
            new { ids = new[] { sharer.Id, follower.Id, privateAuthor.Id } });

        await (await ShareAsync(sharer, closed)).AssertProblemAsync(HttpStatusCode.NotFound); // cannot see it
        await (await ShareAsync(follower, closed)).AssertProblemAsync(HttpStatusCode.Forbidden); // may see it, may not share it
        await (await ShareAsync(sharer, archived)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ShareAsync(sharer, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ShareAsync(sharer, Guid.Empty)).AssertValidationErrorAsync("sharedPostId");
        await (await ShareAsync(sharer, "not-a-uuid")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await _stories.BlockAsync(author, sharer);
        await (await ShareAsync(sharer, open)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(stories, await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE shared_post_id IS NOT NULL AND user_id = ANY(@ids)",
            new { ids = new[] { sharer.Id, follower.Id, privateAuthor.Id } }));

        // One's own post, private account or not.
        await (await ShareAsync(sharer, mine)).ReadJsonAsync(HttpStatusCode.Created);
        await (await ShareAsync(privateAuthor, closed)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_author_turns_sharing_off_and_on_and_the_export_says_so()
    {
        var (author, sharer) = (await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var postId = await PostAsync(author);
        Assert.True((await _stories.GetJsonAsync("/api/v1/users/me/story-reshares", author)).GetProperty("allowed").GetBoolean());
        var earlier = (await (await ShareAsync(sharer, postId)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var off = await (await SwitchAsync(author, new { allowed = false })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(off.GetProperty("allowed").GetBoolean());
        await (await ShareAsync(sharer, postId)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ShareAsync(author, postId)).ReadJsonAsync(HttpStatusCode.Created); // their own, always
        // A story shared before keeps its card.
        Assert.NotNull(Card(await _stories.GetJsonAsync($"/api/v1/stories/{earlier}", sharer)));
        Assert.False((await _stories.GetJsonAsync("/api/v1/users/me/export", author)).GetProperty("account").GetProperty("allowStoryReshares").GetBoolean());
        var exported = (await _stories.GetJsonAsync("/api/v1/users/me/export", sharer)).GetProperty("stories").EnumerateArray().Single();
        Assert.Equal(postId, exported.GetProperty("sharedPostId").GetGuid());

        await (await SwitchAsync(author, new { })).AssertValidationErrorAsync("allowed");
        await (await SwitchAsync(author, new { allowed = "yes" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _stories.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-reshares", null, new { allowed = true })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False((await _stories.GetJsonAsync("/api/v1/users/me/story-reshares", author)).GetProperty("allowed").GetBoolean());
        Assert.True((await (await SwitchAsync(author, new { allowed = true })).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("allowed").GetBoolean());
        await (await ShareAsync(sharer, postId)).ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>
    /// "Allow sharing to story" turned off while a share is on its way: the share's check and its story are one piece with the
    /// switch, as a reply's are with "Allow replies" (StoryReplyRaceTests). A transaction of the test's holds the upload's
    /// claim lock, so the share waits between its check and its write; the switch then waits for it and answers after the story
    /// committed. Until 2026-12-07 the switch answered at once and the share, checked against "allowed", landed after it.
    /// </summary>
    [Fact]
    public async Task Turning_sharing_off_waits_for_a_share_already_admitted_so_none_lands_after_its_answer()
    {
        var (author, sharer) = (await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var postId = await PostAsync(author);
        var uploadId = await _stories.UploadAsync(sharer);

        await using var holder = await _stories.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        // The upload's claim lock (MediaUploads): the story's transaction, past the share's check, waits there to claim it.
        await holder.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('upload_claims'), hashtext(@uploadId::text))", new { uploadId }, tx);
        var sharing = _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", sharer, new { uploadId, sharedPostId = postId });
        var share = await TransactionRace.BlockedByAsync(_stories.Db, holder.ProcessID, sharing);
        Assert.NotNull(share);

        var switching = SwitchAsync(author, new { allowed = false });
        Assert.NotNull(await TransactionRace.BlockedByAsync(_stories.Db, share.Value, switching));
        await tx.RollbackAsync();

        await (await sharing).ReadJsonAsync(HttpStatusCode.Created);
        await (await switching).ReadJsonAsync(HttpStatusCode.OK);
        await (await ShareAsync(sharer, postId)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reel_is_shared_under_the_same_rules_and_shows_only_to_those_who_may_see_it()
    {
        var (author, privateAuthor, sharer, blocked) =
            (await _stories.NewUserAsync(), await _stories.NewUserAsync(isPrivate: true), await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(As(author), "dance");
        var closed = await _reels.ReelIdAsync(As(privateAuthor), "hidden");
        var postId = await PostAsync(author);

        var story = await (await ShareAsync(sharer, reelId, "sharedReelId")).ReadJsonAsync(HttpStatusCode.Created);
        var storyId = story.GetProperty("id").GetGuid();
        Assert.Equal(reelId, story.GetProperty("sharedReel").GetProperty("id").GetGuid());
        Assert.False(story.TryGetProperty("sharedPost", out _));
        await _stories.BlockAsync(author, blocked);
        Assert.False((await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", blocked)).TryGetProperty("sharedReel", out _));
        Assert.Equal(reelId, (await _stories.GetJsonAsync($"/api/v1/users/me/export", sharer)).GetProperty("stories").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == storyId).GetProperty("sharedReelId").GetGuid());

        await (await ShareAsync(sharer, closed, "sharedReelId")).AssertProblemAsync(HttpStatusCode.NotFound);
        await _stories.FollowAsync(sharer, privateAuthor);
        await (await ShareAsync(sharer, closed, "sharedReelId")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ShareAsync(sharer, Guid.Empty, "sharedReelId")).AssertValidationErrorAsync("sharedReelId");
        var both = new Dictionary<string, object?> { ["uploadId"] = await _stories.UploadAsync(sharer), ["sharedPostId"] = postId, ["sharedReelId"] = reelId };
        await (await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", sharer, both)).AssertValidationErrorAsync("sharedReelId");
        await (await SwitchAsync(author, new { allowed = false })).ReadJsonAsync(HttpStatusCode.OK);
        await (await ShareAsync(sharer, reelId, "sharedReelId")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ShareAsync(privateAuthor, closed, "sharedReelId")).ReadJsonAsync(HttpStatusCode.Created);

        // The reel is deleted: the card goes, the story stays.
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.Media.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}", As(author))).StatusCode);
        Assert.False((await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", sharer)).TryGetProperty("sharedReel", out _));
    }

    [Fact]
    public async Task A_story_that_mentions_the_caller_is_added_to_theirs_and_shows_only_while_its_viewers_may_see_it()
    {
        var (author, mentioned, other, viewer, blocked) = (await _stories.NewUserAsync(), await _stories.NewUserAsync(),
            await _stories.NewUserAsync(), await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var (original, _) = await _stories.CreateStoryAsync(author, fields: new { mentions = new[] { mentioned.Username } });

        var share = await (await ShareAsync(mentioned, original, "sharedStoryId")).ReadJsonAsync(HttpStatusCode.Created);
        var shareId = share.GetProperty("id").GetGuid();
        var card = share.GetProperty("sharedStory");
        Assert.Equal(original, card.GetProperty("id").GetGuid());
        Assert.Equal(author.Username, card.GetProperty("author").GetProperty("username").GetString());
        Assert.StartsWith("http", card.GetProperty("media").GetProperty("url").GetString());
        Assert.True((await _stories.GetJsonAsync($"/api/v1/stories/{shareId}", viewer)).TryGetProperty("sharedStory", out _));
        await _stories.BlockAsync(author, blocked);
        Assert.False((await _stories.GetJsonAsync($"/api/v1/stories/{shareId}", blocked)).TryGetProperty("sharedStory", out _));
        Assert.Equal(original, (await _stories.GetJsonAsync("/api/v1/users/me/export", mentioned)).GetProperty("stories").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == shareId).GetProperty("sharedStoryId").GetGuid());

        // Only the mentioned may add it; nothing else is written.
        await (await ShareAsync(other, original, "sharedStoryId")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ShareAsync(blocked, original, "sharedStoryId")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ShareAsync(mentioned, Guid.NewGuid(), "sharedStoryId")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ShareAsync(mentioned, Guid.Empty, "sharedStoryId")).AssertValidationErrorAsync("sharedStoryId");
        var both = new Dictionary<string, object?> { ["uploadId"] = await _stories.UploadAsync(mentioned), ["sharedStoryId"] = original,
            ["sharedPostId"] = await PostAsync(author) };
        await (await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", mentioned, both)).AssertValidationErrorAsync("sharedReelId");
        Assert.Equal(0L, await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = other.Id }));

        // The original expires: the card goes for everyone, and it can no longer be added.
        await _stories.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = @original",
            new { original });
        Assert.False((await _stories.GetJsonAsync($"/api/v1/stories/{shareId}", viewer)).TryGetProperty("sharedStory", out _));
        await (await ShareAsync(mentioned, original, "sharedStoryId")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
