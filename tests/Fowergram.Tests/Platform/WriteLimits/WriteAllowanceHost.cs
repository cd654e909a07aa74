using System.Net;
using Fowergram.Platform.WriteLimits;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// A host of its own with small write allowances (<see cref="PerHour"/> an hour, <see cref="PerDay"/> a day of every kind)
/// and its own clock, which the tests move across the windows. Tokens live three days so a moved clock keeps them valid.
/// </summary>
internal sealed class WriteAllowanceHost
{
    public const int PerHour = 3;
    public const int PerDay = 5;

    public static FowergramApp Create() => TestApps.WithOwnClock(b =>
    {
        b.Configuration["Auth:AccessTokenLifetime"] = "3.00:00:00";
        foreach (var kind in Enum.GetValues<WriteKind>())
        {
            b.Configuration[$"WriteLimits:{kind}:PerHour"] = PerHour.ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.Configuration[$"WriteLimits:{kind}:PerDay"] = PerDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    });

    /// <summary>Asserts the 429 of a spent allowance: problem+json naming <paramref name="kind"/>, and the Retry-After it carries.</summary>
    public static async Task<TimeSpan> AssertSpentAsync(HttpResponseMessage response, string kind)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(problem.GetProperty("errors").TryGetProperty(kind, out _), problem.ToString());
        Assert.Contains($"({kind})", problem.GetProperty("detail").GetString());
        return response.Headers.RetryAfter!.Delta!.Value;
    }

    public static Task<long> CountAsync(PostsClient posts, string sql, Guid userId) => posts.ScalarAsync<long>(sql, new { userId });

    public static async Task<HttpResponseMessage> CommentAsync(PostsClient posts, TestUser user, string thing, Guid id, string content = "hello") =>
        await posts.SendAsync(HttpMethod.Post, $"/api/v1/{thing}/{id}/comments", user, new { content });
}
