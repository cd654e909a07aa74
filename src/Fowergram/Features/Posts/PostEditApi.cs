using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>The author's changes to a post: PATCH, archive, unarchive, DELETE. Anyone else's id is a 404.</summary>
public sealed class PostEditApi(NpgsqlDataSource db, AccessTokens tokens, PostReader reader, IOptions<PostsOptions> options, TimeProvider time)
{
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await PostTexts.ComposedAsync(db, body!, ct);
        var patch = PostPatch.Parse(body!, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var post = await conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(PostsSql.LockOwn,
            new { postId, callerId = caller.UserId }, tx, cancellationToken: ct));
        if (post is null) return Problems.NotFound("post");
        if (patch.Any && await ApplyAsync(conn, tx, post, patch, caller.UserId, ct) is { } invalid) return invalid;
        // Read under the post's lock, before the commit: a deletion right after it cannot turn the answer into a 404.
        if (await reader.ReadAsync(conn, tx, caller.UserId, postId, ct) is not { } view) return Problems.NotFound("post");
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    public Task<IResult> Archive(HttpRequest request, string id, CancellationToken ct) => SetArchivedAsync(request, id, true, ct);

    public Task<IResult> Unarchive(HttpRequest request, string id, CancellationToken ct) => SetArchivedAsync(request, id, false, ct);

    /// <summary>
    /// Soft delete: the post disappears from every read at once and waits in the author's "Recently deleted" for
    /// Posts:RestoreWindow (PostsRecentlyDeletedApi); post-media-cleanup removes its objects when the window ends.
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        var createdAt = await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(PostsSql.SoftDelete,
            new { postId, callerId = caller.UserId, now, restorableUntil = options.Value.RestorableUntil(now) }, tx, cancellationToken: ct));
        if (createdAt is null) return Problems.NotFound("post");
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Deleted, caller.UserId, PostEvent.Of(postId, caller.UserId, createdAt.Value), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task<IResult?> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, VisiblePost post, PostPatch patch, Guid callerId,
        CancellationToken ct)
    {
        MusicClip? music = null;
        var newTrack = false;
        if (patch.Music.Any)
        {
            (music, newTrack, var badClip) = await PostMusicEdit.ResolveAsync(conn, tx, post.Id, patch.Music, ct);
            if (badClip is not null) return badClip;
        }
        await conn.ExecuteAsync(new CommandDefinition(PostsSql.UpdatePost, new
        {
            postId = post.Id, callerId, now = Timestamps.Now(time), patch.SetCaption, patch.Caption, patch.SetLocation, patch.Location,
            patch.SetCommentsDisabled, patch.CommentsDisabled, patch.SetLikesDisabled, patch.LikesDisabled,
            setMusic = patch.Music.Any, musicTrackId = music?.TrackId, musicStartSeconds = music?.StartSeconds,
        }, tx, cancellationToken: ct));
        foreach (var change in patch.AltTexts)
            if (await conn.ExecuteAsync(new CommandDefinition(PostsSql.UpdateAltText,
                    new { postId = post.Id, change.MediaId, change.AltText }, tx, cancellationToken: ct)) == 0)
                return Problems.Validation($"media[{change.Index}].id", "Must be the id of a media item of this post.");
        if (patch.SetCaption) await PostLinks.WriteAsync(conn, tx, time, post.Id, callerId, post.CreatedAt, patch.Links, ct);
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Updated, callerId,
            PostEvent.Of(post.Id, callerId, post.CreatedAt) with { MusicTrackId = newTrack ? music!.TrackId : null }, ct);
        return null;
    }

    private async Task<IResult> SetArchivedAsync(HttpRequest request, string id, bool archived, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { postId, callerId = caller.UserId, archived, now = Timestamps.Now(time) };
        var createdAt = await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(PostsSql.SetArchived, args, tx, cancellationToken: ct));
        if (createdAt is null)
            // Already in that state is fine (idempotent); not the caller's live post is not.
            return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PostsSql.OwnLiveExists, args, tx, cancellationToken: ct))
                ? Api.NoContent() : Problems.NotFound("post");
        var type = archived ? PostEvents.Archived : PostEvents.Unarchived;
        await Outbox.EnqueueAsync(conn, tx, time, type, caller.UserId, PostEvent.Of(postId, caller.UserId, createdAt.Value), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
