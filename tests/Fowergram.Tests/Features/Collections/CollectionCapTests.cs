using System.Net;
using Dapper;
using Fowergram.Features.Collections;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Collections;

/// <summary>
/// An account keeps at most <see cref="CollectionRules.MaxCollections"/> named collections: one more is a 409 that creates
/// nothing, deleting one makes room again, and two creations at once at the last free place cannot both pass the count.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CollectionCapTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>Fills the account up to <paramref name="count"/> collections directly (a thousand POSTs would only be slower).</summary>
    private async Task FillAsync(TestUser owner, int count)
    {
        await using var conn = await _posts.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO collections (id, user_id, name, description, created_at, updated_at)
            SELECT gen_random_uuid(), @owner, 'Filled ' || n, '', now(), now() FROM generate_series(1, @count) n
            """, new { owner = owner.Id, count });
    }

    private Task<HttpResponseMessage> CreateAsync(TestUser owner, string name) =>
        _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name });

    private Task<long> CountAsync(TestUser owner) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM collections WHERE user_id = @id", new { id = owner.Id });

    [Fact]
    public async Task One_more_than_the_cap_is_a_409_and_deleting_one_makes_room()
    {
        var owner = await _posts.NewUserAsync();
        await FillAsync(owner, CollectionRules.MaxCollections);

        await (await CreateAsync(owner, "One too many")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(CollectionRules.MaxCollections, await CountAsync(owner));

        var some = await _posts.ScalarAsync<Guid>("SELECT id FROM collections WHERE user_id = @id LIMIT 1", new { id = owner.Id });
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/collections/{some}", owner)).EnsureNoContentAsync();
        await (await CreateAsync(owner, "Room again")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(CollectionRules.MaxCollections, await CountAsync(owner));
    }

    [Fact]
    public async Task Two_creations_at_the_last_free_place_cannot_both_pass()
    {
        var owner = await _posts.NewUserAsync();
        await FillAsync(owner, CollectionRules.MaxCollections - 1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => CreateAsync(owner, $"Racing {i}")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(CollectionRules.MaxCollections, await CountAsync(owner));
    }
}
