using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>Sends a JSON POST with an <c>Idempotency-Key</c> (any value, unchecked by the client, to test the server's rule).</summary>
public sealed class IdempotencyClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);

    public static string NewKey() => "key-" + Guid.NewGuid();

    public Task<HttpResponseMessage> PostAsync(string path, TestUser user, object body, params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        foreach (var key in keys) Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        return app.Client.SendAsync(request);
    }

    public Task<long> CommentsAsync(Guid postId) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @postId", new { postId });

    public Task<long> KeysAsync(TestUser user) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE user_id = @id", new { id = user.Id });
}
