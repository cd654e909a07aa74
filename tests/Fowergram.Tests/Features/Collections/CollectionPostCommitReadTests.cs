using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Collections;

/// <summary>
/// Creating or editing a collection answers with the collection as it was written. Read after the insert had committed, a delete from
/// the owner's other device (or a purge of the account) landing in between left nothing to read: a 201 with an empty body
/// for a collection the client then never learnt the id of, and a 404 for an edit that stood. The read is now made inside
/// the write's transaction. The
/// interleaving is forced by a deferred trigger (run at the commit, just before the old read) that deletes the row, for this
/// one owner only, dropped at the end.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CollectionPostCommitReadTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_create_whose_collection_goes_with_the_commit_still_answers_what_it_wrote()
    {
        var owner = await _posts.NewUserAsync();
        var response = await CommitTrigger.WithAsync("collections", $"NEW.user_id = '{owner.Id}'", "DELETE FROM collections WHERE id = NEW.id",
            () => _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name = "Recipes" }));

        var collection = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Recipes", collection.GetProperty("name").GetString());
        Assert.Equal($"/api/v1/collections/{collection.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_edit_whose_collection_goes_with_the_commit_still_answers_what_it_wrote()
    {
        var owner = await _posts.NewUserAsync();
        var created = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name = "Recipes" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var response = await CommitTrigger.WithAsync("collections", $"NEW.user_id = '{owner.Id}'", "DELETE FROM collections WHERE id = NEW.id",
            () => _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{id}", owner, new { name = "Dinners", description = "Weeknights" }));

        var collection = await response.ReadJsonAsync();
        Assert.Equal((id, "Dinners", "Weeknights"),
            (collection.GetProperty("id").GetGuid(), collection.GetProperty("name").GetString(), collection.GetProperty("description").GetString()));
    }
}
