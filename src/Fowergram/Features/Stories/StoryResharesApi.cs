using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The caller's "allow sharing to story" switch (docs/stories.md "Shared posts and reels", migration 0138): off, nobody else can put
/// the caller's posts or reels on a story. Stories that already share one keep it, shown under the post's own visibility.
/// </summary>
public sealed class StoryResharesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>
    /// A change takes the caller's switch lock exclusively (a share holds it shared until its story commits: StoryShares), so a
    /// share checked against the old value commits before the change answers.
    /// </summary>
    private static readonly UserSetting Setting = new("allow_story_reshares", "allowed",
        $"SELECT pg_advisory_xact_lock({string.Format(StoryShares.SwitchLock, "@viewer")})");

    /// <summary>GET /users/me/story-reshares.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<StoryResharesView>(db, Setting, caller.UserId, ct);
    }

    /// <summary>PUT /users/me/story-reshares <c>{allowed}</c>.</summary>
    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<StoryResharesSwitch>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Allowed is not { } allowed) return Problems.Validation("allowed", "This field is required: true or false.");
        return await OwnSettings.PutAsync<StoryResharesView, bool>(db, Setting, allowed, caller.UserId, Timestamps.Now(time), ct);
    }
}

/// <summary>PUT /users/me/story-reshares: whether others may share the caller's posts to their stories.</summary>
public sealed record StoryResharesSwitch(bool? Allowed);

public sealed record StoryResharesView(bool Allowed);
