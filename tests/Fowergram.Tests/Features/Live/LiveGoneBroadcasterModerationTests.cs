using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// The broadcaster's moderation writes re-check its account as every other live write does (docs/live.md "Gone accounts"):
/// removing and muting viewers, lifting either, inviting and withdrawing guests with a token whose account was deleted or
/// deactivated since answer 401 and change nothing. Before, they were the only live writes still open to such a token.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveGoneBroadcasterModerationTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    private Task<string> StateAsync(Guid stream) => Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(user_id::text, ',' ORDER BY user_id) FROM live_stream_removals WHERE stream_id = @stream),
            (SELECT string_agg(user_id::text, ',' ORDER BY user_id) FROM live_comment_mutes WHERE stream_id = @stream),
            (SELECT string_agg(user_id::text || status, ',' ORDER BY user_id) FROM live_stream_guests WHERE stream_id = @stream),
            (SELECT string_agg(user_id::text || coalesce(left_at::text, 'open'), ',' ORDER BY user_id) FROM live_stream_viewers WHERE stream_id = @stream),
            (SELECT viewer_count::text FROM live_stream_stats WHERE stream_id = @stream))
        """, new { stream });

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_gone_broadcasters_token_removes_mutes_invites_and_withdraws_nothing(string gone)
    {
        var host = await Posts.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(host);
        var (watching, removed, muted, invited, fresh) =
            (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await (await _live.PostAsync($"/api/v1/live/{stream}/join", watching)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/removed-viewers/{removed.Username}", host)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/muted-commenters/{muted.Username}", host)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/guests/{invited.Username}", host)).EnsureNoContentAsync();
        var before = await StateAsync(stream);
        await Posts.ExecuteAsync(gone, new { id = host.Id });

        var attempts = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Put, $"removed-viewers/{watching.Username}"),
            (HttpMethod.Delete, $"removed-viewers/{removed.Username}"),
            (HttpMethod.Put, $"muted-commenters/{watching.Username}"),
            (HttpMethod.Delete, $"muted-commenters/{muted.Username}"),
            (HttpMethod.Put, $"guests/{fresh.Username}"),
            (HttpMethod.Delete, $"guests/{invited.Username}"),
        };
        foreach (var (method, path) in attempts)
            await (await Posts.SendAsync(method, $"/api/v1/live/{stream}/{path}", host)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await StateAsync(stream));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = fresh.Id }));
    }
}
