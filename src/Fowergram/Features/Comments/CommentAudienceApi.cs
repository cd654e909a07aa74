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
    private const string Read = "SELECT allow_comments_from AS \"from\" FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    private const string Set = """
        UPDATE users SET allow_comments_from = @from, updated_at = @now
         WHERE id = @viewer AND is_active AND deleted_at IS NULL AND allow_comments_from IS DISTINCT FROM @from
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<CommentsFromView>(db, Read, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CommentsFromRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var from = body.Value!.From?.Trim().ToLowerInvariant();
        var errors = new Validation().Required("from", from).OneOf("from", from, CommentAudience.Choices);
        if (!errors.IsValid) return errors.ToProblem();
        return await OwnSettings.PutAsync<CommentsFromView>(db, Set, new { viewer = caller.UserId, from, now = Timestamps.Now(time) }, Read,
            caller.UserId, ct);
    }
}

/// <summary>Who may comment on the caller's things: everyone, following, followers or following_and_followers.</summary>
public sealed record CommentsFromView(string From);

/// <summary>PUT /users/me/comments-from.</summary>
public sealed record CommentsFromRequest(string? From);
