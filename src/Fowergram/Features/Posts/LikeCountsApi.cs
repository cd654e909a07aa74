using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// The caller's "Hide like and share counts" switch (docs/posts.md "Hiding like and share counts", migration 0175): off, the
/// caller is shown no like counts on other accounts' posts, reels and videos, and no share counts on their reels and videos
/// (<see cref="LikeCounts"/>). The caller's own content keeps its counts; other accounts see nothing different.
/// </summary>
public sealed class LikeCountsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly UserSetting Setting = new("show_like_counts", "visible");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<LikeCountsView>(db, Setting, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (visible, error) = await AccountSwitches.ReadAsync(request, ct);
        if (error is not null) return error;
        return await OwnSettings.PutAsync<LikeCountsView, bool>(db, Setting, visible, caller.UserId, Timestamps.Now(time), ct);
    }
}

/// <summary>Whether the caller is shown like and share counts on other accounts' posts, reels and videos.</summary>
public sealed record LikeCountsView(bool Visible);
