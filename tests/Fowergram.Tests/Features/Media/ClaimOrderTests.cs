using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// Two posts naming the same two uploads in opposite orders (a client retrying with its carousel reordered): each claim
/// locks its upload until the transaction ends, so claiming in the request's order let each take one and wait for the
/// other's — a deadlock PostgreSQL broke by failing one (a 503) after a second's wait. The claims of a request now lock
/// in one order for everyone: one post gets both uploads, the other a 409 "already used", every time.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClaimOrderTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task Posts_naming_the_same_uploads_in_opposite_orders_do_not_deadlock()
    {
        var answers = new List<HttpStatusCode>();
        for (var round = 0; round < 8; round++)
        {
            var user = await _posts.NewUserAsync();
            var (a, b) = ((await _posts.UploadAsync(user, PhotoSamples.Jpeg())).UploadId, (await _posts.UploadAsync(user, PhotoSamples.Jpeg())).UploadId);

            var both = await Task.WhenAll(new[] { new[] { a, b }, new[] { b, a } }.Select(order => Task.Run(() =>
                _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = order.Select(id => new { uploadId = id }) }))));

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
            await both.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = user.Id }));
            answers.AddRange(both.Select(r => r.StatusCode));
        }
        Assert.DoesNotContain(HttpStatusCode.ServiceUnavailable, answers);
    }
}
