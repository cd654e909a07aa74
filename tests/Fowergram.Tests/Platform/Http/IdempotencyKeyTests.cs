using System.Net;
using System.Text.Json;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The Idempotency-Key header on a creating POST (docs/api.md "Idempotency keys"), over HTTP through the Server host: one
/// key makes one thing whatever the client repeats, a repeat gets the first answer back, and a refused or expired key
/// may be used again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyKeyTests(FowergramApp app)
{
    private readonly IdempotencyClient _client = new(app);

    private async Task<(Fowergram.Tests.Features.Media.TestUser Fan, Guid PostId)> PostToCommentOnAsync()
    {
        var author = await _client.Posts.NewUserAsync();
        return (await _client.Posts.NewUserAsync(), await _client.Posts.PostIdAsync(author));
    }

    [Fact]
    public async Task A_double_submit_with_one_key_makes_one_comment_and_the_repeat_gets_the_first_answer_back()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();

        var first = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "Lovely" }, key);
        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "Lovely" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues(IdempotencyKey.ReplayedHeader)));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, repeat.Content.Headers.ContentType);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(1L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task The_same_key_sent_eight_times_at_once_makes_one_comment_and_every_other_answer_is_409_or_the_replay()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "at once" }, key)));

        Assert.Equal(1L, await _client.CommentsAsync(postId));
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created, a => !a.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Single(created.Select(a => a.Headers.Location).Distinct());
        foreach (var busy in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await busy.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_makes_nothing()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();
        await (await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "first" }, key)).ReadJsonAsync(HttpStatusCode.Created);

        var other = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "second" }, key);
        var otherPost = await _client.Posts.PostIdAsync(fan);
        var otherPath = await _client.PostAsync($"/api/v1/posts/{otherPost}/comments", fan, new { content = "first" }, key);

        var problem = await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        await otherPath.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1L, await _client.CommentsAsync(postId));
        Assert.Equal(0L, await _client.CommentsAsync(otherPost));
    }

    [Fact]
    public async Task Another_accounts_same_key_is_its_own()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var other = await _client.Posts.NewUserAsync();
        var key = IdempotencyClient.NewKey();

        var mine = await (await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "same" }, key)).ReadJsonAsync(HttpStatusCode.Created);
        var theirs = await _client.PostAsync($"/api/v1/posts/{postId}/comments", other, new { content = "same" }, key);

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains(IdempotencyKey.ReplayedHeader));
        var theirId = (await theirs.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.NotEqual(mine.GetProperty("id").GetGuid(), theirId);
        Assert.Equal(2L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task A_refused_first_attempt_leaves_the_key_free_for_the_fixed_request()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();

        var refused = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "" }, key);
        Assert.Equal(0L, await _client.KeysAsync(fan));
        var fixedUp = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "now with words" }, key);
        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "now with words" }, key);

        await refused.AssertValidationErrorAsync("content");
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        Assert.False(fixedUp.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.True(repeat.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(1L, await _client.CommentsAsync(postId));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("256 characters")]
    [InlineData("a control character")]
    [InlineData("DEL")]
    public async Task A_key_that_is_not_one_to_255_printable_ascii_characters_is_refused_with_400_naming_the_header(string what)
    {
        var (fan, postId) = await PostToCommentOnAsync();
        string[] sent = what switch
        {
            "empty" => [""],
            "256 characters" => [new string('k', 256)],
            "a control character" => ["tab\there"],
            _ => ["del\u007f"],
        };

        var refused = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "hello" }, sent);

        await refused.AssertValidationErrorAsync("Idempotency-Key");
        Assert.Equal(0L, await _client.CommentsAsync(postId));
        Assert.Equal(0L, await _client.KeysAsync(fan));
    }

    /// <summary>
    /// Two keys are not one: HttpClient (as the Functions runtime's forwarder and most proxies) sends a header given twice as one
    /// line joined with ", ", and RFC 9110 makes that the same field as two lines. Until session 56 the joined line was taken as
    /// one key, comma and all, so the request ran under a key neither value named.
    /// </summary>
    [Theory]
    [InlineData("the header twice")]
    [InlineData("a comma-joined list")]
    [InlineData("two quoted keys")]
    [InlineData("an unclosed quote joined to a key")]
    public async Task Two_keys_in_the_header_are_refused_with_400_naming_it_and_make_nothing(string what)
    {
        var (fan, postId) = await PostToCommentOnAsync();
        string[] sent = what switch
        {
            "the header twice" => [IdempotencyClient.NewKey(), IdempotencyClient.NewKey()],
            "a comma-joined list" => ["key-a,key-b"],
            "two quoted keys" => ["\"a\", \"b\""],
            _ => ["\"a, b"],
        };

        var refused = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "hello" }, sent);

        await refused.AssertValidationErrorAsync("Idempotency-Key");
        Assert.Equal(0L, await _client.CommentsAsync(postId));
        Assert.Equal(0L, await _client.KeysAsync(fan));
    }

    [Fact]
    public async Task A_comma_inside_a_quoted_key_is_part_of_the_one_key()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = $"\"{Guid.NewGuid()}, \\\" still one\"";

        var first = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "quoted" }, key);
        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "quoted" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(repeat.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(key, await _client.Posts.ScalarAsync<string>("SELECT idempotency_key FROM idempotency_keys WHERE user_id = @id", new { id = fan.Id }));
        Assert.Equal(1L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task A_key_of_255_printable_characters_spaces_and_quotes_included_is_taken()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = "\"a key\" ~!" + new string('z', 245);

        var first = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "long key" }, key);
        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "long key" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(repeat.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(1L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task A_pruned_key_may_be_used_again_and_makes_a_new_comment()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();
        var first = await (await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "again" }, key)).ReadJsonAsync(HttpStatusCode.Created);
        var job = app.Services.GetServices<Fowergram.Platform.Jobs.IScheduledJob>().OfType<IdempotencyKeysJob>().Single();

        await job.RunAsync(app.Clock.GetUtcNow() + IdempotentRequests.Lifetime - TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(1L, await _client.KeysAsync(fan));
        await job.RunAsync(app.Clock.GetUtcNow() + IdempotentRequests.Lifetime + TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(0L, await _client.KeysAsync(fan));
        var reused = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "again" }, key);

        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.False(reused.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.NotEqual(first.GetProperty("id").GetGuid(), (await reused.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.Equal(2L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task An_expired_key_not_yet_pruned_is_not_replayed()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();
        await (await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "old" }, key)).ReadJsonAsync(HttpStatusCode.Created);
        await _client.Posts.ExecuteAsync("""
            UPDATE idempotency_keys SET created_at = created_at - interval '25 hours', expires_at = expires_at - interval '25 hours'
             WHERE user_id = @id
            """, new { id = fan.Id });

        var reused = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, new { content = "old" }, key);

        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.False(reused.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(2L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task While_the_first_request_holds_its_key_a_repeat_gets_409_with_retry_after_and_makes_nothing()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();
        var body = new { content = "slow" };
        // The first request, still running: its claim, as IdempotentRequests writes it before running the handler.
        await ClaimAsync(fan.Id, key, $"/api/v1/posts/{postId}/comments", body, lockedUntil: "@now + interval '5 minutes'");

        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, body, key);

        var problem = await repeat.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        Assert.Equal(TimeSpan.FromSeconds(1), repeat.Headers.RetryAfter?.Delta);
        Assert.Equal(0L, await _client.CommentsAsync(postId));
    }

    [Fact]
    public async Task A_claim_whose_lease_ran_out_is_taken_over_by_the_repeat()
    {
        var (fan, postId) = await PostToCommentOnAsync();
        var key = IdempotencyClient.NewKey();
        var body = new { content = "after a crash" };
        // A first request whose process died before it could keep or release its key.
        await ClaimAsync(fan.Id, key, $"/api/v1/posts/{postId}/comments", body, lockedUntil: "@now - interval '1 second'");

        var repeat = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, body, key);
        var again = await _client.PostAsync($"/api/v1/posts/{postId}/comments", fan, body, key);

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.True(again.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(1L, await _client.CommentsAsync(postId));
    }

    /// <summary>A claim row as the first request makes it: the fingerprint is SHA-256 of method, path and the body's bytes.</summary>
    private Task ClaimAsync(Guid userId, string key, string path, object body, string lockedUntil) =>
        _client.Posts.ExecuteAsync($"""
            INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, created_at, expires_at, locked_until)
            VALUES (@userId, @key, sha256(convert_to(@prefix, 'UTF8') || @body), @now - interval '1 minute', @now + interval '1 day', {lockedUntil})
            """, new { userId, key, prefix = $"POST\n{path}\n", body = JsonSerializer.SerializeToUtf8Bytes(body), now = app.Clock.GetUtcNow() });
}
