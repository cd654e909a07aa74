using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Collections;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Collections;

/// <summary>Saved posts ("All posts") and named collections, private to their owner.</summary>
[Collection(ApiCollection.Name)]
public sealed class CollectionTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<Guid> NewCollectionAsync(TestUser user, string? name = null) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", user, new { name = name ?? "Trips " + Guid.NewGuid().ToString("N")[..6] }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Saving_is_idempotent_private_and_listed_newest_first()
    {
        var author = await _posts.NewUserAsync();
        var saver = await _posts.NewUserAsync();
        var first = await _posts.PostIdAsync(author);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _posts.PostIdAsync(author);

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{first}/save", saver)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{second}/save", saver)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{second}/save", saver)).EnsureNoContentAsync();

        Assert.Equal([second, first], Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", saver)).ReadJsonAsync()));
        Assert.Empty(Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", author)).ReadJsonAsync()));
        Assert.True((await (await _posts.GetAsync($"/api/v1/posts/{first}", saver)).ReadJsonAsync()).GetProperty("isSaved").GetBoolean());
        Assert.False((await (await _posts.GetAsync($"/api/v1/posts/{first}", author)).ReadJsonAsync()).GetProperty("isSaved").GetBoolean());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.saved' AND payload->>'postId' = @key",
            new { key = second.ToString() }));
    }

    [Fact]
    public async Task Collections_hold_saved_posts_with_a_cover_and_unsaving_takes_a_post_out_of_all_of_them()
    {
        var author = await _posts.NewUserAsync();
        var owner = await _posts.NewUserAsync();
        var postA = await _posts.PostIdAsync(author);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var postB = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner, "Lisbon");

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postA}", owner)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postB}", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postB}", owner)).EnsureNoContentAsync();
        var view = await (await _posts.GetAsync($"/api/v1/collections/{collection}", owner)).ReadJsonAsync();
        var withCover = await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner,
            new { coverPostId = postA, description = "Spring" })).ReadJsonAsync();

        Assert.Equal((2, postB), (view.GetProperty("postCount").GetInt32(), view.GetProperty("cover").GetProperty("id").GetGuid()));
        Assert.Equal((postA, "Spring"), (withCover.GetProperty("cover").GetProperty("id").GetGuid(), withCover.GetProperty("description").GetString()));
        Assert.Equal([postB, postA], Ids(await (await _posts.GetAsync($"/api/v1/collections/{collection}/posts", owner)).ReadJsonAsync()));
        Assert.Equal([postB, postA], Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", owner)).ReadJsonAsync()));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postA}/save", owner)).EnsureNoContentAsync();

        var after = await (await _posts.GetAsync($"/api/v1/collections/{collection}", owner)).ReadJsonAsync();
        Assert.Equal((1, postB), (after.GetProperty("postCount").GetInt32(), after.GetProperty("cover").GetProperty("id").GetGuid()));
        Assert.Equal([postB], Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", owner)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Removing_from_a_collection_keeps_the_post_saved_and_deleting_the_collection_too()
    {
        var author = await _posts.NewUserAsync();
        var owner = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", owner);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{collection}/posts/{postId}", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{collection}/posts/{postId}", owner)).EnsureNoContentAsync();
        Assert.Empty(Ids(await (await _posts.GetAsync($"/api/v1/collections/{collection}/posts", owner)).ReadJsonAsync()));
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", owner);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{collection}", owner)).EnsureNoContentAsync();

        Assert.Equal([postId], Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", owner)).ReadJsonAsync()));
        await (await _posts.GetAsync($"/api/v1/collections/{collection}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Collections_are_private_to_their_owner()
    {
        var owner = await _posts.NewUserAsync();
        var other = await _posts.NewUserAsync();
        var collection = await NewCollectionAsync(owner);

        foreach (var path in new[] { $"/api/v1/collections/{collection}", $"/api/v1/collections/{collection}/posts" })
            await (await _posts.GetAsync(path, other)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(Ids(await (await _posts.GetAsync("/api/v1/collections", other)).ReadJsonAsync()));
        Assert.Equal([collection], Ids(await (await _posts.GetAsync("/api/v1/collections", owner)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Names_are_unique_per_owner_whatever_the_case()
    {
        var owner = await _posts.NewUserAsync();
        var other = await _posts.NewUserAsync();
        var first = await NewCollectionAsync(owner, "Food");
        var second = await NewCollectionAsync(owner, "Travel");

        var duplicate = await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name = "FOOD" });
        var rename = await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{second}", owner, new { name = "food" });
        await NewCollectionAsync(other, "Food");

        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
        await rename.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Travel", (await (await _posts.GetAsync($"/api/v1/collections/{second}", owner)).ReadJsonAsync()).GetProperty("name").GetString());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_cover_must_be_a_post_in_the_collection()
    {
        var owner = await _posts.NewUserAsync();
        var collection = await NewCollectionAsync(owner);
        var elsewhere = await _posts.PostIdAsync(owner);

        var response = await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner, new { coverPostId = elsewhere });

        await response.AssertValidationErrorAsync("coverPostId");
    }

    [Fact]
    public async Task Saved_posts_that_became_invisible_leave_the_lists_but_can_still_be_unsaved()
    {
        var author = await _posts.NewUserAsync();
        var saver = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(saver);
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", saver);
        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });

        Assert.Empty(Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", saver)).ReadJsonAsync()));
        Assert.Empty(Ids(await (await _posts.GetAsync($"/api/v1/collections/{collection}/posts", saver)).ReadJsonAsync()));
        Assert.Equal(0, (await (await _posts.GetAsync($"/api/v1/collections/{collection}", saver)).ReadJsonAsync()).GetProperty("postCount").GetInt32());
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/save", saver)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/save", saver)).EnsureNoContentAsync();
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM saved_posts WHERE user_id = @id", new { id = saver.Id }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM collection_posts WHERE collection_id = @collection", new { collection }));
    }

    [Fact]
    public async Task Adding_a_post_while_its_collection_is_deleted_answers_204_or_404_never_a_500()
    {
        // Unlocked, the add's foreign key check failed on the collection a concurrent delete had just removed (a 500).
        var owner = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(owner);
        for (var round = 0; round < 30; round++)
        {
            var collection = await NewCollectionAsync(owner, $"Round {round}");
            var add = _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{post}", owner);
            var delete = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{collection}", owner);
            var (added, deleted) = (await add, await delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            if (added.StatusCode != HttpStatusCode.NoContent) await added.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM collections WHERE user_id = @id", new { id = owner.Id }));
    }
    [Fact]
    public async Task Unsaving_while_the_post_is_being_added_to_a_collection_waits_and_then_takes_it_out_of_the_collection_too()
    {
        var author = await _posts.NewUserAsync();
        var owner = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var filed = await NewCollectionAsync(owner);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{filed}/posts/{postId}", owner)).EnsureNoContentAsync();
        var collection = await NewCollectionAsync(owner);

        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // An add to a collection that does not hold the post yet, in flight as CollectionPostsApi.Add runs it.
            await conn.ExecuteAsync(CollectionsSql.LockSaving, new { postId, viewer = owner.Id }, tx);
            await conn.ExecuteAsync(CollectionsSql.AddPost, new { collectionId = collection, postId, viewer = owner.Id, now = app.Clock.GetUtcNow() }, tx);
            var unsave = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/save", owner);
            await Task.Delay(500);
            Assert.False(unsave.IsCompleted, "Unsaving should wait for the add that holds the collection.");
            await tx.CommitAsync();
            await (await unsave).EnsureNoContentAsync();
        }

        // Unsaved means in no collection: the add's row, committed first, went with the unsave, and so did the one filed before.
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM saved_posts WHERE user_id = @id", new { id = owner.Id }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM collection_posts WHERE collection_id IN (@collection, @filed)",
            new { collection, filed }));
    }

    [Fact]
    public async Task Unsaving_waits_for_no_collection_that_does_not_hold_the_post()
    {
        // The unsave locked every collection of the caller, however many; one held elsewhere (an edit, a deletion, an add of
        // another post in flight) kept it waiting though it had nothing to take out of it.
        var (author, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (postId, other) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));
        var (holding, elsewhere) = (await NewCollectionAsync(owner), await NewCollectionAsync(owner));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{holding}/posts/{postId}", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{elsewhere}/posts/{other}", owner)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{holding}", owner, new { coverPostId = postId })).EnsureSuccessStatusCode();

        await using var holder = await _posts.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT id FROM collections WHERE id = @elsewhere FOR UPDATE", new { elsewhere }, tx);
        var unsave = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/save", owner);

        Assert.Null(await TransactionRace.BlockedByAsync(_posts.Db, holder.ProcessID, unsave));
        await (await unsave).EnsureNoContentAsync();
        await tx.CommitAsync();
        // Unsaved means in no collection; the other collection and its post are as they were.
        Assert.Equal([other], await _posts.QueryAsync<Guid>("SELECT post_id FROM saved_posts WHERE user_id = @id", new { id = owner.Id }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM collection_posts WHERE collection_id = @holding", new { holding }));
        Assert.Null(await _posts.ScalarAsync<Guid?>("SELECT cover_post_id FROM collections WHERE id = @holding", new { holding }));
        Assert.Equal([other], await _posts.QueryAsync<Guid>("SELECT post_id FROM collection_posts WHERE collection_id = @elsewhere", new { elsewhere }));
    }

    [Fact]
    public async Task Taking_the_cover_out_of_a_collection_while_it_is_unsaved_answers_204_not_a_deadlock()
    {
        // The unsave locks the owner's collections, then deletes the post's rows in them; the removal deleted the row first and
        // its foreign key's SET NULL of the cover then waited for the collection: each waited for the other, and PostgreSQL
        // aborted one of them (a 5xx, or the unsave failing).
        var (author, owner) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", owner)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner, new { coverPostId = postId })).EnsureSuccessStatusCode();

        await using var unsaver = await _posts.Db.OpenConnectionAsync();
        await using var unsaving = await unsaver.BeginTransactionAsync();
        await unsaver.ExecuteAsync(CollectionsSql.LockSaving, new { postId, viewer = owner.Id }, unsaving);
        await unsaver.ExecuteAsync(CollectionsSql.LockCollectionsHolding, new { postId, viewer = owner.Id }, unsaving);
        var removing = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{collection}/posts/{postId}", owner);
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, unsaver.ProcessID, removing);
        await unsaver.QueryAsync(CollectionsSql.Unsave, new { postId, viewer = owner.Id, now = app.Clock.GetUtcNow() }, unsaving);
        await unsaving.CommitAsync();

        await (await removing).EnsureNoContentAsync();
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM collection_posts WHERE collection_id = @collection", new { collection }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM saved_posts WHERE user_id = @id", new { id = owner.Id }));
    }

    /// <summary>
    /// Tokens outlive accounts: adding a post to a collection with a deleted or deactivated account's token is the 401 every
    /// other collection write answers, not a 404 saying the post is not there, and files nothing.
    /// </summary>
    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task Adding_to_a_collection_with_a_gone_account_is_a_401_that_files_nothing(string gone)
    {
        var author = await _posts.NewUserAsync();
        var owner = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await _posts.ExecuteAsync(gone, new { id = owner.Id });

        var response = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", owner);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM collection_posts WHERE collection_id = @collection", new { collection }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM saved_posts WHERE user_id = @id", new { id = owner.Id }));
    }
}
