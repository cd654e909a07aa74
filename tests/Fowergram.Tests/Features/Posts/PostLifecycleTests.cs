using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Captions, hashtags, mentions, people tags, edits, archive and delete, and the counters that follow them.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostLifecycleTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task Caption_hashtags_and_mentions_are_stored_and_unknown_or_blocked_names_are_ignored_silently()
    {
        var author = await _posts.NewUserAsync();
        var friend = await _posts.NewUserAsync();
        var blocker = await _posts.NewUserAsync();
        await _posts.BlockAsync(blocker, author);
        var tag = "Sun" + Guid.NewGuid().ToString("N")[..10];

        var post = await _posts.CreatePostAsync(author,
            $"Golden hour #{tag} #{tag.ToLowerInvariant()} with @{friend.Username.ToUpperInvariant()}. cc @{blocker.Username} @nobody_{Guid.NewGuid().ToString("N")[..12]}");
        var postId = post.GetProperty("id").GetGuid();

        Assert.Equal([tag.ToLowerInvariant()], await HashtagsOfAsync(postId));
        Assert.Equal([friend.Id], await MentionsOfAsync(postId));
        Assert.StartsWith("Golden hour", post.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task People_tags_keep_their_position_and_skip_unknown_and_blocked_accounts()
    {
        var author = await _posts.NewUserAsync();
        var friend = await _posts.NewUserAsync();
        var blocked = await _posts.NewUserAsync();
        await _posts.BlockAsync(author, blocked);
        var slot = await _posts.UploadAsync(author);

        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new[]
            {
                new
                {
                    uploadId = slot.UploadId,
                    userTags = new[]
                    {
                        new { username = "@" + friend.Username, x = 0.25, y = 0.75 }, new { username = blocked.Username, x = 0.5, y = 0.5 },
                        new { username = "ghost_" + Guid.NewGuid().ToString("N")[..8], x = 0.1, y = 0.1 },
                    },
                },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);

        var tags = post.GetProperty("media")[0].GetProperty("userTags");
        Assert.Equal(1, tags.GetArrayLength());
        Assert.Equal((friend.Username, 0.25, 0.75), (tags[0].GetProperty("username").GetString(), tags[0].GetProperty("x").GetDouble(), tags[0].GetProperty("y").GetDouble()));
    }

    [Fact]
    public async Task Editing_the_caption_relinks_hashtags_and_mentions_and_notifies_only_new_mentions()
    {
        var author = await _posts.NewUserAsync();
        var first = await _posts.NewUserAsync();
        var second = await _posts.NewUserAsync();
        var (old, kept, added) = ("old" + Guid.NewGuid().ToString("N")[..8], "kept" + Guid.NewGuid().ToString("N")[..8], "new" + Guid.NewGuid().ToString("N")[..8]);
        var postId = await _posts.PostIdAsync(author, $"#{old} #{kept} @{first.Username}");
        await _posts.SettleAsync(postId);

        var patched = await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{postId}", author,
            new { caption = $"#{kept} #{added} @{first.Username} @{second.Username}", location = "Lisbon", commentsDisabled = true })).ReadJsonAsync();
        await _posts.SettleAsync(postId);

        Assert.Equal(new[] { added, kept }.Order(), (await HashtagsOfAsync(postId)).Order());
        Assert.Equal(new[] { first.Id, second.Id }.Order(), (await MentionsOfAsync(postId)).Order());
        Assert.Equal(("Lisbon", true), (patched.GetProperty("location").GetString(), patched.GetProperty("commentsDisabled").GetBoolean()));
        Assert.Equal(1L, await MentionNoticesAsync(first.Id, postId));
        Assert.Equal(1L, await MentionNoticesAsync(second.Id, postId));
        Assert.Equal((0L, 1L, 1L), (await HashtagCountAsync(old), await HashtagCountAsync(kept), await HashtagCountAsync(added)));
    }

    [Fact]
    public async Task Patch_sets_alt_text_per_media_and_null_clears_location()
    {
        var author = await _posts.NewUserAsync();
        var created = await _posts.CreatePostAsync(author, mediaCount: 2);
        var postId = created.GetProperty("id").GetGuid();
        var second = created.GetProperty("media")[1].GetProperty("id").GetGuid();
        await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{postId}", author, new { location = "Porto" });

        var patched = await (await _posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/posts/{postId}", author,
            $$"""{"location":null,"media":[{"id":"{{second}}","altText":"A tram at dusk"}]}""")).ReadJsonAsync();

        Assert.False(patched.TryGetProperty("location", out _));
        Assert.Equal(["photo 0", "A tram at dusk"], patched.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("altText").GetString()));
    }

    [Fact]
    public async Task Alt_text_for_a_media_item_of_another_post_is_refused_and_nothing_changes()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author, "before");
        var otherMedia = (await _posts.CreatePostAsync(author)).GetProperty("media")[0].GetProperty("id").GetGuid();

        var response = await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{postId}", author,
            new { caption = "after", media = new[] { new { id = otherMedia, altText = "x" } } });

        await response.AssertValidationErrorAsync("media[0].id");
        Assert.Equal("before", (await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync()).GetProperty("caption").GetString());
    }

    [Fact]
    public async Task Alt_text_given_twice_for_one_media_item_is_refused_and_nothing_changes()
    {
        var author = await _posts.NewUserAsync();
        var created = await _posts.CreatePostAsync(author, "before");
        var (postId, media) = (created.GetProperty("id").GetGuid(), created.GetProperty("media")[0].GetProperty("id").GetGuid());

        // Before the fix: 200 with the second text, the first silently dropped.
        var response = await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{postId}", author,
            new { caption = "after", media = new[] { new { id = media, altText = "A red door" }, new { id = media, altText = "A blue door" } } });

        await response.AssertValidationErrorAsync("media[1].id");
        var post = await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync();
        Assert.Equal("before", post.GetProperty("caption").GetString());
        Assert.Equal("photo 0", post.GetProperty("media")[0].GetProperty("altText").GetString());
    }

    [Fact]
    public async Task Post_count_and_hashtag_count_follow_archive_unarchive_and_delete()
    {
        var author = await _posts.NewUserAsync();
        var tag = "life" + Guid.NewGuid().ToString("N")[..10];
        var kept = await _posts.PostIdAsync(author, $"#{tag}");
        var postId = await _posts.PostIdAsync(author, $"#{tag}");
        await _posts.SettleAsync(kept, postId);
        Assert.Equal((2L, 2L), (await PostCountAsync(author.Id), await HashtagCountAsync(tag)));

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/archive", author)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/archive", author)).EnsureNoContentAsync(); // idempotent
        await _posts.SettleAsync(postId);
        Assert.Equal((1L, 1L), (await PostCountAsync(author.Id), await HashtagCountAsync(tag)));

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/unarchive", author)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        Assert.Equal((2L, 2L), (await PostCountAsync(author.Id), await HashtagCountAsync(tag)));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        Assert.Equal((1L, 1L), (await PostCountAsync(author.Id), await HashtagCountAsync(tag)));
        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'post.archived' AND payload->>'postId' = @key", new { key = postId.ToString() }));
    }

    [Fact]
    public async Task Grid_pages_newest_first_with_a_cursor()
    {
        var author = await _posts.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await _posts.PostIdAsync(author));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts?limit=3", null)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts?limit=3&cursor={cursor}", null)).ReadJsonAsync();
        var mine = await (await _posts.GetAsync("/api/v1/users/me/posts?limit=5", author)).ReadJsonAsync();

        ids.Reverse();
        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(p => p.GetProperty("id").GetGuid()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal(ids, mine.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal("photo 0", first.GetProperty("items")[0].GetProperty("cover").GetProperty("altText").GetString());
    }

    [Fact]
    public async Task Lifecycle_events_in_any_order_or_repeated_leave_the_counts_of_the_final_state()
    {
        var author = await _posts.NewUserAsync();
        var tag = "order" + Guid.NewGuid().ToString("N")[..10];
        var postId = await _posts.PostIdAsync(author, $"#{tag}");
        await _posts.SettleAsync(postId);
        var events = new EngagementEvents(app, _posts);
        var payload = new { postId, authorId = author.Id, createdAt = app.Clock.GetUtcNow(), entityType = "post", entityId = postId };
        await _posts.ExecuteAsync("UPDATE posts SET is_archived = true, deleted_at = now() WHERE id = @postId", new { postId });
        var archived = await events.InFlightAsync("post.archived", author.Id, payload);
        var deleted = await events.InFlightAsync("post.deleted", author.Id, payload);
        var created = await events.InFlightAsync("post.created", author.Id, payload); // a stray duplicate with a new id

        foreach (var envelope in new[] { deleted, created, archived })
            await events.Runner.RunAsync(Fowergram.Features.Posts.PostCountersConsumer.ConsumerName, envelope, CancellationToken.None);

        Assert.Equal((0L, 0L), (await PostCountAsync(author.Id), await HashtagCountAsync(tag)));
    }

    private async Task<List<string>> HashtagsOfAsync(Guid postId)
    {
        await using var conn = await _posts.Db.OpenConnectionAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(conn,
            "SELECT h.name FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = @postId", new { postId })).ToList();
    }

    private async Task<List<Guid>> MentionsOfAsync(Guid postId)
    {
        await using var conn = await _posts.Db.OpenConnectionAsync();
        return (await Dapper.SqlMapper.QueryAsync<Guid>(conn, "SELECT user_id FROM post_mentions WHERE post_id = @postId", new { postId })).ToList();
    }

    private Task<long> MentionNoticesAsync(Guid recipient, Guid postId) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = 'mention' AND entity_id = @postId", new { recipient, postId });

    private Task<long> PostCountAsync(Guid userId) =>
        _posts.ScalarAsync<long>("SELECT coalesce((SELECT post_count FROM user_stats WHERE user_id = @userId), 0)", new { userId });

    private Task<long> HashtagCountAsync(string name) => _posts.ScalarAsync<long>(
        "SELECT coalesce((SELECT s.post_count FROM hashtag_stats s JOIN hashtags h ON h.id = s.hashtag_id WHERE h.name = @name), 0)",
        new { name = name.ToLowerInvariant() });

    [Fact]
    public async Task A_caption_and_a_comment_are_counted_in_characters_as_the_tables_count_them()
    {
        // Counted in UTF-16 units, a caption of 1,101 emoji (within posts.caption's 2,200-character CHECK) was refused.
        var author = await _posts.NewUserAsync();
        var full = string.Concat(Enumerable.Repeat("🌷", 2200));
        var post = await _posts.CreatePostAsync(author, full);
        Assert.Equal(full, post.GetProperty("caption").GetString());
        var postId = post.GetProperty("id").GetGuid();
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = (await _posts.UploadAsync(author)).UploadId } }, caption = full + "🌷" })).AssertValidationErrorAsync("caption");
        Assert.Equal(HttpStatusCode.Created, (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", author, new { content = full })).StatusCode);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", author, new { content = full + "🌷" }))
            .AssertValidationErrorAsync("content");
    }
}
