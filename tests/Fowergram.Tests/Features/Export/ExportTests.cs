using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Export;

/// <summary>GET /users/me/export: the account's own data, nothing deleted and nothing of anyone else's (checklist 15).</summary>
[Collection(ApiCollection.Name)]
public sealed class ExportTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private async Task<JsonElement> ExportAsync(TestUser user)
    {
        var response = await Posts.GetAsync("/api/v1/users/me/export", user);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.ReadJsonAsync();
    }

    /// <summary>
    /// A message that shares a post or a story carries its id in the reader's export only while the reader may see it, as the
    /// thread shows its card (docs/messages.md "Shared posts…"): sharing never widens an audience. Until 2026-12-06 the export
    /// wrote every id, so a reader learnt the id (and, a UUID v7, the time) of a private account's post or of a story outside
    /// its audience (found by ContentSurfaceMatrixTests).
    /// </summary>
    [Fact]
    public async Task A_shared_post_or_storys_id_is_exported_only_while_the_reader_may_see_it()
    {
        var (author, sharer, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await Posts.FollowAsync(sharer, author);
        var post = await Posts.PostIdAsync(author);
        var upload = await Posts.UploadAsync(author, purpose: "story");
        var story = (await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload.UploadId, audience = "followers" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var thread = await _dm.DirectAsync(sharer, reader);
        var sharedPost = (await _dm.SendMessageAsync(sharer, thread, new { sharedPostId = post, text = "look" })).GetProperty("id").GetGuid();
        var sharedStory = (await _dm.SendMessageAsync(sharer, thread, new { sharedStoryId = story })).GetProperty("id").GetGuid();

        Assert.Equal(post.ToString(), Message(await ExportAsync(reader), sharedPost).GetProperty("sharedPostId").GetString());
        Assert.Equal(JsonValueKind.Null, Message(await ExportAsync(reader), sharedStory).GetProperty("sharedStoryId").ValueKind); // followers only
        Assert.Equal(story.ToString(), Message(await ExportAsync(sharer), sharedStory).GetProperty("sharedStoryId").GetString());

        await Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        var hidden = Message(await ExportAsync(reader), sharedPost);
        Assert.Equal(("post_share", "look"), (hidden.GetProperty("type").GetString(), hidden.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("sharedPostId").ValueKind);
        Assert.Equal(post.ToString(), Message(await ExportAsync(sharer), sharedPost).GetProperty("sharedPostId").GetString());

        static JsonElement Message(JsonElement export, Guid id) => export.GetProperty("conversations").EnumerateArray()
            .SelectMany(c => c.GetProperty("messages").EnumerateArray()).Single(m => m.GetProperty("id").GetGuid() == id);
    }

    /// <summary>
    /// A reply's replyToId names the quoted message only while the reader can read it, as the thread shows its quote
    /// (MessagesSql.Replied): not a message from before the reader joined the group, nor one vanished. Until 2026-12-06 the
    /// export wrote the id whatever it was, so a member added later learnt the id (and, a UUID v7, the time) of a message
    /// from before their joining.
    /// </summary>
    [Fact]
    public async Task A_replys_quote_is_exported_only_while_the_reader_can_read_the_quoted_message()
    {
        var (a, b, late) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var group = await _dm.GroupAsync(a, "g", b);
        var before = await _dm.SayAsync(a, group, "before you came");
        (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/participants", a, new { userIds = new[] { late.Id } })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var reply = (await _dm.SendMessageAsync(b, group, new { text = "agreed", replyToId = before })).GetProperty("id").GetGuid();

        Assert.False((await _dm.GetJsonAsync($"/api/v1/messages/{reply}", late)).TryGetProperty("replyTo", out _));
        Assert.Equal(JsonValueKind.Null, Message(await ExportAsync(late), reply).GetProperty("replyToId").ValueKind);
        Assert.Equal(before.ToString(), Message(await ExportAsync(b), reply).GetProperty("replyToId").GetString());

        static JsonElement Message(JsonElement export, Guid id) => export.GetProperty("conversations").EnumerateArray()
            .SelectMany(c => c.GetProperty("messages").EnumerateArray()).Single(m => m.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task The_export_lists_the_accounts_own_videos_drafts_included_its_series_and_its_likes_and_comments_of_videos_and_comments()
    {
        var videos = new Videos.VideosClient(app);
        var me = await Posts.NewUserAsync();
        var other = await Posts.NewUserAsync();
        var series = await videos.SeriesIdAsync(me, "My season");
        var published = await videos.VideoIdAsync(me, "Pilot", seriesId: series);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var draft = await videos.VideoIdAsync(me, "Unfinished", published: false);
        var deleted = await videos.VideoIdAsync(me, "Gone");
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{deleted}", me)).EnsureNoContentAsync();
        var liked = await videos.VideoIdAsync(other, "Not mine");
        await videos.SeriesIdAsync(other, "Not mine either");
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/videos/{liked}/like", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/videos/{liked}/like", other)).EnsureNoContentAsync(); // not mine
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{liked}/comments", me, new { content = "Loved it" })).ReadJsonAsync(HttpStatusCode.Created);
        var theirs = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{liked}/comments", other, new { content = "Thanks" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/videos/{liked}/comments/{theirs}/like", me)).EnsureNoContentAsync();
        var reels = new Reels.ReelsClient(app);
        var reel = await reels.ReelIdAsync(other);
        var reelComment = await reels.CommentAsync(other, reel, "My reel");
        var deletedReelComment = await reels.CommentAsync(other, reel, "Gone soon");
        foreach (var comment in new[] { reelComment, deletedReelComment })
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/comments/{comment}/like", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/comments/{deletedReelComment}", other)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/save", me)).EnsureNoContentAsync();

        var export = await ExportAsync(me);

        Assert.Equal([published.ToString(), draft.ToString()], Values(export, "videos", "id"));
        Assert.Equal(["Pilot", "Unfinished"], Values(export, "videos", "title"));
        Assert.Equal(["True", "False"], Values(export, "videos", "isPublished"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(series.ToString(), export.GetProperty("videos")[0].GetProperty("seriesId").GetString());
        Assert.Equal(1, export.GetProperty("videos")[0].GetProperty("seriesPosition").GetInt32());
        Assert.Equal(["My season"], Values(export, "videoSeries", "title"));
        Assert.Equal([liked.ToString()], Values(export, "videoLikes", "videoId"));
        Assert.Equal(["Loved it"], Values(export, "videoComments", "content"));
        Assert.Equal([theirs.ToString()], Values(export, "videoCommentLikes", "commentId"));
        Assert.Equal([liked.ToString()], Values(export, "videoCommentLikes", "videoId"));
        Assert.Equal([reelComment.ToString()], Values(export, "reelCommentLikes", "commentId")); // not the deleted one
        Assert.Equal([reel.ToString()], Values(export, "reelCommentLikes", "reelId"));
        Assert.Equal([reel.ToString()], Values(export, "savedReels", "reelId"));
    }

    [Fact]
    public async Task A_sellers_export_lists_its_product_tags_on_posts_and_reels()
    {
        var shop = new Shopping.ShopClient(app);
        var seller = await shop.SellerAsync();
        var product = await shop.ProductIdAsync(seller, "Lamp");
        var post = await shop.Posts.PostIdAsync(seller);
        var reel = await new Reels.ReelsClient(app).ReelIdAsync(seller);
        await (await shop.TagAsync(seller, post, product, 0.25, 0.75)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller)).EnsureNoContentAsync();

        var tags = (await ExportAsync(seller)).GetProperty("productTags").EnumerateArray().ToList();

        Assert.Equal([(post.ToString(), ""), ("", reel.ToString())],
            tags.Select(t => (t.GetProperty("postId").ToString(), t.GetProperty("reelId").ToString())));
        Assert.All(tags, t => Assert.Equal(product, t.GetProperty("productId").GetGuid()));
        Assert.Equal(0.25, tags[0].GetProperty("x").GetDouble());
    }

    private static List<string> Values(JsonElement export, string section, string member) =>
        export.GetProperty(section).EnumerateArray().Select(i => i.GetProperty(member).ToString()).ToList();

    [Fact]
    public async Task The_export_holds_what_the_account_wrote_did_and_keeps()
    {
        var me = await Posts.NewUserAsync();
        var friend = await Posts.NewUserAsync();
        var post = (await Posts.CreatePostAsync(me, "my caption #exported", mediaCount: 2)).GetProperty("id").GetGuid();
        var friendsPost = await Posts.PostIdAsync(friend);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{friendsPost}/like", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{friendsPost}/save", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{friendsPost}/comments", me, new { content = "nice shot" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{friend.Username}/follow", me)).ReadJsonAsync();
        var product = Guid.CreateVersion7();
        await Posts.ExecuteAsync("""
            UPDATE users SET profile_category = 'business' WHERE id = @seller;
            INSERT INTO products (id, user_id, name, price, currency) VALUES (@product, @seller, 'Mug', 12.50, 'EUR')
            """, new { seller = friend.Id, product });
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", me)).EnsureNoContentAsync();
        var thread = await _dm.DirectAsync(me, friend);
        await _dm.SayAsync(me, thread, "hello friend");
        await _dm.SayAsync(friend, thread, "hi back");

        var export = await ExportAsync(me);

        Assert.Equal(me.Username, export.GetProperty("account").GetProperty("username").GetString());
        var exported = export.GetProperty("posts").EnumerateArray().Single();
        Assert.Equal((post, "my caption #exported", 2), (exported.GetProperty("id").GetGuid(), exported.GetProperty("caption").GetString(),
            exported.GetProperty("media").GetArrayLength()));
        Assert.Equal([friendsPost.ToString()], Values(export, "likes", "postId"));
        Assert.Equal([friendsPost.ToString()], Values(export, "saved", "postId"));
        Assert.Equal(["nice shot"], Values(export, "comments", "content"));
        Assert.Equal([friend.Username], Values(export, "following", "username"));
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/favorites/{friend.Username}", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{friend.Username}/restrict", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/stories/hidden-from/{friend.Username}", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/hidden-words/Spoiler", me)).EnsureNoContentAsync();
        (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", me, new { targetType = "user", targetId = friend.Id, reason = "spam" }))
            .EnsureSuccessStatusCode();
        var later = await ExportAsync(me);
        Assert.Equal(["spam"], Values(later, "reports", "reason"));
        Assert.Equal(["spoiler"], Values(later, "hiddenWords", "word"));
        await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", me, new { text = "on holiday" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["on holiday"], Values(await ExportAsync(me), "notes", "text"));
        Assert.Equal([friend.Username], Values(later, "favorites", "username"));
        Assert.Equal([friend.Username], Values(later, "restricted", "username"));
        Assert.Equal([friend.Username], Values(later, "storiesHiddenFrom", "username"));
        Assert.Equal([product.ToString()], Values(export, "wishlist", "productId"));
        Assert.Empty(export.GetProperty("products").EnumerateArray());
        var friendsExport = await ExportAsync(friend);
        Assert.Equal(["Mug"], Values(friendsExport, "products", "name"));
        Assert.Empty(friendsExport.GetProperty("productTags").EnumerateArray());
        var broadcast = await new LiveClient(app).StreamIdAsync(me, "Studio tour");
        var friendsBroadcast = await new LiveClient(app).StreamIdAsync(friend, "Launch");
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{friendsBroadcast}/reminder", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{broadcast}/removed-viewers/{friend.Username}", me)).EnsureNoContentAsync();
        var withLive = await ExportAsync(me);
        Assert.Equal([friend.Username], withLive.GetProperty("liveBroadcasts")[0].GetProperty("removedViewers").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal([broadcast.ToString()], Values(withLive, "liveBroadcasts", "id"));
        Assert.Equal([friendsBroadcast.ToString()], Values(withLive, "liveReminders", "broadcastId"));
        Assert.DoesNotContain("streamKey", withLive.GetProperty("liveBroadcasts").GetRawText());
        var messages = export.GetProperty("conversations").EnumerateArray().Single().GetProperty("messages");
        Assert.Equal(["hello friend", "hi back"], messages.EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.EndsWith("Z", export.GetProperty("account").GetProperty("createdAt").GetString());
        Assert.EndsWith("Z", export.GetProperty("exportedAt").GetString());
    }

    [Fact]
    public async Task Deleted_things_and_other_accounts_data_are_not_exported()
    {
        var me = await Posts.NewUserAsync();
        var other = await Posts.NewUserAsync();
        var third = await Posts.NewUserAsync();
        var kept = await Posts.PostIdAsync(me);
        var deleted = await Posts.PostIdAsync(me);
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", me)).EnsureNoContentAsync();
        var othersPost = await Posts.PostIdAsync(other);
        var comment = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{othersPost}/comments", me, new { content = "gone soon" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{othersPost}/comments/{comment}", me)).EnsureNoContentAsync();
        var unsent = await _dm.SayAsync(me, await _dm.DirectAsync(me, other), "oops");
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{unsent}", me)).EnsureNoContentAsync();
        var notMine = await _dm.DirectAsync(other, third);
        await _dm.SayAsync(other, notMine, "private between them");

        var export = await ExportAsync(me);
        var text = export.GetRawText();

        Assert.Equal([kept.ToString()], Values(export, "posts", "id"));
        Assert.Empty(export.GetProperty("comments").EnumerateArray());
        Assert.DoesNotContain("oops", text);
        Assert.DoesNotContain("private between them", text);
        Assert.DoesNotContain(notMine.ToString(), text);
        Assert.DoesNotContain(other.Id.ToString() + "\"", export.GetProperty("account").GetRawText());
    }

    /// <summary>
    /// Deleting a post leaves its comments' rows as they were: the likes of them must be left out with the post. Each like
    /// names its post, as reelCommentLikes and videoCommentLikes name theirs (until 2026-12-07 a comment id alone).
    /// </summary>
    [Fact]
    public async Task Likes_of_comments_are_exported_with_their_post_and_not_on_a_deleted_post()
    {
        var me = await Posts.NewUserAsync();
        var other = await Posts.NewUserAsync();
        var kept = await Posts.PostIdAsync(other);
        var deleted = await Posts.PostIdAsync(other);
        var likedComments = new List<Guid>();
        foreach (var post in new[] { kept, deleted })
        {
            var comment = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", other, new { content = "mine" }))
                .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/comments/{comment}/like", me)).EnsureNoContentAsync();
            likedComments.Add(comment);
        }
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", other)).EnsureNoContentAsync();

        var export = await ExportAsync(me);

        Assert.Equal([likedComments[0].ToString()], Values(export, "commentLikes", "commentId"));
        Assert.Equal([kept.ToString()], Values(export, "commentLikes", "postId"));
    }

    /// <summary>A broadcaster's removed viewers and muted commenters are other accounts: named only while they are live.</summary>
    [Fact]
    public async Task A_deactivated_account_is_not_named_among_a_broadcasts_removed_viewers_or_muted_commenters()
    {
        var me = await Posts.NewUserAsync();
        var removed = await Posts.NewUserAsync();
        var broadcast = await new LiveClient(app).StreamIdAsync(me, "Studio tour");
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{broadcast}/removed-viewers/{removed.Username}", me)).EnsureNoContentAsync();
        await Posts.ExecuteAsync("INSERT INTO live_comment_mutes (stream_id, user_id) VALUES (@broadcast, @id)", new { broadcast, id = removed.Id });
        await Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = removed.Id });

        var exported = (await ExportAsync(me)).GetProperty("liveBroadcasts").EnumerateArray().Single();

        Assert.Empty(exported.GetProperty("removedViewers").EnumerateArray());
        Assert.Empty(exported.GetProperty("mutedCommenters").EnumerateArray());
    }

    /// <summary>
    /// A chat's messages are the account's to keep, but their senders are other accounts: named only while live, as a
    /// conversation's participants are (each message's `from` was its sender's username whatever became of the account).
    /// </summary>
    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    public async Task A_gone_sender_s_messages_are_exported_without_their_name(string change)
    {
        var (me, friend, thread) = await _dm.FriendsAsync();
        await _dm.SayAsync(me, thread, "hello friend");
        await _dm.SayAsync(friend, thread, "hi back");
        await Posts.ExecuteAsync(change, new { id = friend.Id });

        var conversation = (await ExportAsync(me)).GetProperty("conversations").EnumerateArray().Single();

        Assert.Empty(conversation.GetProperty("participants").EnumerateArray());
        var messages = conversation.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["hello friend", "hi back"], messages.Select(m => m.GetProperty("text").GetString()));
        Assert.Equal([me.Username, null], messages.Select(m => m.TryGetProperty("from", out var from) ? from.GetString() : null));
    }

    /// <summary>What the account said or was shown about a post or reel goes with the post or reel when its author deletes it.</summary>
    [Fact]
    public async Task Impressions_and_not_interested_choices_of_deleted_posts_and_reels_are_not_exported()
    {
        var me = await Posts.NewUserAsync();
        var other = await Posts.NewUserAsync();
        var reels = new Reels.ReelsClient(app);
        var (kept, deleted) = (await Posts.PostIdAsync(other), await Posts.PostIdAsync(other));
        var (keptReel, deletedReel) = (await reels.ReelIdAsync(other), await reels.ReelIdAsync(other));
        Assert.Equal(HttpStatusCode.NoContent, (await Posts.SendAsync(HttpMethod.Post, "/api/v1/impressions", me, new { posts = new[] { kept, deleted } })).StatusCode);
        foreach (var path in new[] { $"posts/{kept}", $"posts/{deleted}", $"reels/{keptReel}", $"reels/{deletedReel}" })
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/{path}/not-interested", me)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", other)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deletedReel}", other)).EnsureNoContentAsync();

        var export = await ExportAsync(me);

        Assert.Equal([kept.ToString()], Values(export, "postImpressions", "postId"));
        Assert.Equal([kept.ToString()], Values(export, "notInterestedPosts", "postId"));
        Assert.Equal([keptReel.ToString()], Values(export, "notInterestedReels", "reelId"));
    }

    [Fact]
    public async Task Only_the_account_itself_can_export_and_a_deleted_one_cannot()
    {
        var me = await Posts.NewUserAsync();
        await (await Posts.GetAsync("/api/v1/users/me/export", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await Posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = me.Id });
        await (await Posts.GetAsync("/api/v1/users/me/export", me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
