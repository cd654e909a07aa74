using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A claim records a photo's cleaned size (and an upload's rejection) on a second connection while its transaction holds
/// one. From the same pool, a burst of such claims could take every connection and then each wait for a second: the pool
/// deadlocked until its timeout and every one of them was a 500. On a host whose pool has three connections, six posts
/// of photos with metadata at once all succeed.
/// </summary>
public sealed class ClaimPoolTests : IAsyncLifetime
{
    private readonly ScratchDatabaseApp _host = new()
    {
        Configure = b => b.Configuration["ConnectionStrings:Fowergram"] += ";Maximum Pool Size=3;Timeout=5",
    };

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Claims_at_once_do_not_wait_on_each_other_for_a_second_connection()
    {
        var posts = new PostsClient(_host.App);
        var writers = new List<(TestUser User, Guid Upload)>();
        for (var i = 0; i < 6; i++)
        {
            var user = await posts.NewUserAsync();
            writers.Add((user, (await posts.UploadAsync(user, PhotoSamples.Jpeg())).UploadId));
        }

        var answers = await Task.WhenAll(writers.Select(w =>
            posts.SendAsync(HttpMethod.Post, "/api/v1/posts", w.User, new { media = new[] { new { uploadId = w.Upload } } })));

        foreach (var answer in answers) await answer.ReadJsonAsync(HttpStatusCode.Created);
    }
}
