using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The profile photo (docs/accounts.md "Profile photo"): PUT and DELETE /users/me/avatar, and GET /avatars/{id},
/// the URL every view publishes in <c>avatar</c>, which answers with a redirect to a short-lived signed read URL.
/// </summary>
public sealed class AvatarApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, TimeProvider time)
{
    /// <summary>What <c>users.avatar</c> holds for a photo: this prefix and the upload id (checked by users_avatar_with_upload).</summary>
    public const string UrlPrefix = "/api/v1/avatars/";

    /// <summary>How long a client may reuse the redirect (the signed URL it names has at least half its lifetime left).</summary>
    private static readonly TimeSpan RedirectCacheLimit = TimeSpan.FromMinutes(1);

    /// <summary>Sets the photo from an avatar upload, validated and claimed like any other (docs/media.md); the old photo is released.</summary>
    public async Task<IResult> Set(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<SetAvatarRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.UploadId is not { } uploadId || uploadId == Guid.Empty)
            return Problems.Validation("uploadId", "This field is required: the id of an upload requested with purpose 'avatar'.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<AccountAvatar>(new CommandDefinition(AvatarSql.LockAccount, new { id = caller.UserId }, tx, cancellationToken: ct));
        if (account is null) return Problems.AccountGone();
        var claim = await uploads.ClaimAsync(conn, tx, caller.UserId, uploadId, MediaPurpose.Avatar, ct);
        if (!claim.Succeeded) return claim.ToProblem("uploadId");
        var now = time.GetUtcNow();
        var row = await conn.QuerySingleAsync<UserRow>(new CommandDefinition(AvatarSql.Set,
            new { id = caller.UserId, uploadId, avatar = UrlPrefix + uploadId, now }, tx, cancellationToken: ct));
        await ReleaseAsync(conn, tx, account.AvatarUploadId, now, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(ProfileViews.Me(row));
    }

    /// <summary>Removes the photo (204 whether or not there was one); its object is deleted by media-cleanup.</summary>
    public async Task<IResult> Remove(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<AccountAvatar>(new CommandDefinition(AvatarSql.LockAccount, new { id = caller.UserId }, tx, cancellationToken: ct));
        if (account is null) return Problems.AccountGone();
        var now = time.GetUtcNow();
        await conn.ExecuteAsync(new CommandDefinition(AvatarSql.Clear, new { id = caller.UserId, now }, tx, cancellationToken: ct));
        await ReleaseAsync(conn, tx, account.AvatarUploadId, now, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// The photo an <c>avatar</c> URL names: 302 to a signed read URL when the account is live and its profile
    /// visible to the caller (guests included; a block either way, a replaced photo or a deleted account: 404).
    /// </summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!Guid.TryParse(id, out var uploadId)) return Problems.NotFound("avatar");
        await using var conn = await db.OpenConnectionAsync(ct);
        var photo = await conn.QuerySingleOrDefaultAsync<AvatarObject>(new CommandDefinition(AvatarSql.Current,
            new { uploadId, viewer = caller?.UserId }, cancellationToken: ct));
        if (photo is null) return await GoneCaller.NotFoundAsync(conn, caller?.UserId, "avatar", ct);
        var url = await uploads.CreateReadUrlAsync(photo.ObjectName, photo.ContentType, ct);
        var maxAge = (int)Math.Clamp((url.ExpiresAt - time.GetUtcNow()).TotalSeconds / 2, 0, RedirectCacheLimit.TotalSeconds);
        return new Redirect(url.Url, maxAge);
    }

    private static Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? uploadId, DateTimeOffset now, CancellationToken ct) =>
        uploadId is null ? Task.CompletedTask
            : conn.ExecuteAsync(new CommandDefinition(AvatarSql.Release, new { uploadId, now }, tx, cancellationToken: ct));

    /// <summary>
    /// 302 with a private cache lifetime: the redirect depends on who asks (blocks), and the URL it names expires.
    /// </summary>
    private sealed class Redirect(Uri location, int maxAgeSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status302Found;
            httpContext.Response.Headers.Location = location.AbsoluteUri;
            httpContext.Response.Headers.CacheControl = $"private, max-age={maxAgeSeconds}";
            return Task.CompletedTask;
        }
    }

    private sealed class AccountAvatar
    {
        public Guid? AvatarUploadId { get; init; }
    }

    private sealed class AvatarObject
    {
        public string ObjectName { get; init; } = "";
        public string ContentType { get; init; } = "";
    }
}

public sealed record SetAvatarRequest(Guid? UploadId);
