using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>Steps the moderation tests share: making a moderator, and reading a whole moderators' queue.</summary>
internal static class ModerationSteps
{
    /// <summary>A new account granted moderation, as the operator's <c>moderator grant</c> verb does.</summary>
    public static async Task<TestUser> ModeratorAsync(this PostsClient posts)
    {
        var moderator = await posts.NewUserAsync();
        await posts.ExecuteAsync("INSERT INTO moderators (user_id) VALUES (@id)", new { id = moderator.Id });
        return moderator;
    }

    /// <summary>Every item of a queue (<paramref name="path"/>, with its own filters if any), page by page: other tests leave items in the shared database.</summary>
    public static async Task<List<JsonElement>> WholeQueueAsync(this PostsClient posts, string path, TestUser moderator)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await posts.GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}limit=50{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}", moderator))
                .ReadJsonAsync(HttpStatusCode.OK);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return all;
    }
}
