using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// GET/PUT /users/me/comments-from: "Allow comments from" (docs/posts.md "Who may comment", migration 0143), enforced by
/// <see cref="CommentAudience"/> on every new comment on the caller's posts, reels and long-form videos.
/// </summary>
public sealed class CommentAudienceApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly UserSetting Setting = new("allow_comments_from", "from");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<CommentsFromView>(db, Setting, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CommentsFromRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var from = body.Value!.From?.Trim().ToLowerInvariant();
        var errors = new Validation().Required("from", from).OneOf("from", from, CommentAudience.Choices);
        if (!errors.IsValid) return errors.ToProblem();
        return await OwnSettings.PutAsync<CommentsFromView, string>(db, Setting, from!, caller.UserId, Timestamps.Now(time), ct);
    }
}

/// <summary>Who may comment on the caller's things: everyone, following, followers or following_and_followers.</summary>
public sealed record CommentsFromView(string From);

/// <summary>PUT /users/me/comments-from.</summary>
public sealed record CommentsFromRequest(string? From);
