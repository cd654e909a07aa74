using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A broadcast channel with one of each kind of reader, and the report → takedown → appeal steps the channel moderation
/// tests share (docs/moderation.md, docs/messages.md "Removed channel messages").
/// </summary>
internal sealed class ChannelSteps(PostsClient posts)
{
    public sealed record Cast(TestUser Owner, TestUser Cohost, TestUser Member, TestUser Visitor, Guid Channel);

    /// <summary>A public owner's channel with an accepted co-host, a member, and a visitor who has not joined.</summary>
    public async Task<Cast> ChannelAsync(string name = "Drops")
    {
        var (owner, cohost, member, visitor) = (await posts.NewUserAsync(), await posts.NewUserAsync(), await posts.NewUserAsync(), await posts.NewUserAsync());
        var channel = (await (await posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name, description = "News first" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{cohost.Username}", owner)).EnsureNoContentAsync();
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", cohost)).EnsureSuccessStatusCode();
        await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/join", member)).EnsureNoContentAsync();
        return new Cast(owner, cohost, member, visitor, channel);
    }

    public async Task<Guid> PostAsync(TestUser sender, Guid channel, object body) =>
        (await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", sender, body))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> ReportAsync(TestUser reporter, string targetType, Guid targetId) =>
        posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType, targetId, reason = "spam" });

    /// <summary>Reports the target and has a moderator remove it; answers the report, which keys the removal.</summary>
    public async Task<Guid> TakeDownAsync(TestUser reporter, string targetType, Guid targetId)
    {
        var report = (await (await ReportAsync(reporter, targetType, targetId)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await ResolveAsync(report)).EnsureSuccessStatusCode();
        return report;
    }

    public async Task<HttpResponseMessage> ResolveAsync(Guid report) =>
        await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true });

    public Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", owner, new { message = "It was announced fairly." });

    public async Task<HttpResponseMessage> DecideAsync(Guid removal, string outcome) =>
        await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await posts.ModeratorAsync(), new { outcome });

    public async Task<List<JsonElement>> MessagesAsync(TestUser reader, Guid channel) =>
        (await (await posts.GetAsync($"/api/v1/channels/{channel}/messages", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public async Task<JsonElement> MessageAsync(TestUser reader, Guid channel, Guid message) =>
        (await MessagesAsync(reader, channel)).Single(m => m.GetProperty("id").GetGuid() == message);

    /// <summary>The target as a moderator reading the report sees it.</summary>
    public async Task<JsonElement> TargetAsync(Guid report) =>
        (await (await posts.GetAsync($"/api/v1/moderation/reports/{report}", await posts.ModeratorAsync())).ReadJsonAsync()).GetProperty("target");

    /// <summary>The system notices the account was sent, by HTTP as it reads them.</summary>
    public async Task<List<string>> SystemNoticesAsync(TestUser user) =>
        (await (await posts.GetAsync("/api/v1/notifications?limit=50", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "system").Select(n => n.GetProperty("message").GetString()!).ToList();

    public Task<DateTimeOffset?> ReleasedAtAsync(Guid upload) =>
        posts.ScalarAsync<DateTimeOffset?>("SELECT released_at FROM uploads WHERE id = @upload", new { upload });

    public Task<long> ReportRowsAsync(Guid target) => posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE target_id = @target", new { target });
}
