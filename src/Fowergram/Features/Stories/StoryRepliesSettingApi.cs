using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>GET/PUT /users/me/story-replies: the caller's "Allow replies and reactions" (<see cref="StoryReplyAudience"/>).</summary>
public sealed class StoryRepliesSettingApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<StoryRepliesView>(db, StoryReplyAudience.Setting, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<StoryRepliesRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var from = body.Value!.From?.Trim().ToLowerInvariant();
        var errors = new Validation().Required("from", from).OneOf("from", from, StoryReplyAudience.Choices);
        if (!errors.IsValid) return errors.ToProblem();
        return await OwnSettings.PutAsync<StoryRepliesView, string>(db, StoryReplyAudience.Setting, from!, caller.UserId, Timestamps.Now(time), ct);
    }
}

/// <summary>Who may reply to and react to the caller's stories: everyone, following (people the caller follows) or off.</summary>
public sealed record StoryRepliesView(string From);

/// <summary>PUT /users/me/story-replies.</summary>
public sealed record StoryRepliesRequest(string? From);
