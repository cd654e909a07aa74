using System.Net;
using System.Text.Json;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Which POSTs take an Idempotency-Key (<see cref="IdempotentRoutes"/>): each one's handler honours it, the API document
/// says so on exactly those, and the key keeps a message and a post single as it keeps a comment (<see cref="IdempotencyKeyTests"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotentRoutesTests(FowergramApp app)
{
    private readonly IdempotencyClient _client = new(app);

    [Fact]
    public async Task Every_route_that_takes_a_key_is_a_mapped_post_and_refuses_a_bad_key_with_400_naming_the_header()
    {
        var user = await _client.Posts.NewUserAsync();
        var mapped = RouteTable.Of(app.Services).Select(r => r.Key).ToHashSet();
        var failures = new List<string>();
        foreach (var template in IdempotentRoutes.Templates)
        {
            if (!mapped.Contains($"POST {template}")) failures.Add($"POST {template} is not mapped");
            var response = await _client.PostAsync(template.Replace("{id}", Guid.CreateVersion7().ToString()), user, new { }, new string('k', 256));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("\"Idempotency-Key\"", StringComparison.Ordinal))
                failures.Add($"POST {template}: {(int)response.StatusCode} {body}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0L, await _client.KeysAsync(user));
    }

    [Fact]
    public async Task The_api_document_declares_the_header_and_its_409_and_422_on_exactly_the_routes_that_take_it()
    {
        var document = await (await app.Client.GetAsync("/api/v1/openapi.json")).ReadJsonAsync();
        var declared = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                if (!parameters.Any(x => x.GetProperty("name").GetString() == IdempotencyKey.Header && x.GetProperty("in").GetString() == "header"))
                    continue;
                declared.Add(path.Name);
                Assert.Equal("post", operation.Name);
                var responses = operation.Value.GetProperty("responses");
                Assert.Equal("#/components/responses/IdempotencyKeyReused", responses.GetProperty("422").GetProperty("$ref").GetString());
                Assert.Equal("#/components/responses/ConflictOrKeyInProgress", responses.GetProperty("409").GetProperty("$ref").GetString());
            }
        Assert.Equal(IdempotentRoutes.Templates.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_message_sharing_a_post_sent_twice_with_one_key_is_sent_once()
    {
        var dm = new DmClient(app);
        var (a, _, thread) = await dm.FriendsAsync();
        var post = await _client.Posts.PostIdAsync(a);
        var key = IdempotencyClient.NewKey();
        var body = new { sharedPostId = post, text = "look" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _client.PostAsync($"/api/v1/conversations/{thread}/messages", a, body, key)));
        var repeat = await _client.PostAsync($"/api/v1/conversations/{thread}/messages", a, body, key);

        var sent = await repeat.ReadJsonAsync(HttpStatusCode.Created);
        Assert.All(answers, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(1L, await _client.Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread", new { thread }));
        Assert.Equal(sent.GetProperty("id").GetGuid(), await _client.Posts.ScalarAsync<Guid>(
            "SELECT id FROM messages WHERE conversation_id = @thread", new { thread }));
    }

    [Fact]
    public async Task A_post_sent_twice_with_one_key_is_made_once_and_the_repeat_gets_its_201_not_the_spent_uploads_409()
    {
        var author = await _client.Posts.NewUserAsync();
        var upload = await _client.Posts.UploadAsync(author);
        var key = IdempotencyClient.NewKey();
        var body = new { media = new[] { new { uploadId = upload.UploadId } }, caption = "once" };

        var first = await _client.PostAsync("/api/v1/posts", author, body, key);
        var repeat = await _client.PostAsync("/api/v1/posts", author, body, key);

        var created = await first.ReadJsonAsync(HttpStatusCode.Created);
        var replayed = await repeat.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.GetProperty("id").GetGuid(), replayed.GetProperty("id").GetGuid());
        Assert.Equal(1L, await _client.Posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task A_repeat_without_the_key_is_a_new_request_as_before()
    {
        var (a, _, thread) = await new DmClient(app).FriendsAsync();
        var key = IdempotencyClient.NewKey();

        await (await _client.PostAsync($"/api/v1/conversations/{thread}/messages", a, new { text = "hi" }, key)).ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.PostAsync($"/api/v1/conversations/{thread}/messages", a, new { text = "hi" })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(2L, await _client.Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread", new { thread }));
    }
}
