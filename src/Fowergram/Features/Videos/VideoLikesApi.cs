using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// PUT/DELETE /videos/{id}/like and GET /videos/{id}/likers (igtv_likes, migration 0079), as reels' likes: the request
/// only inserts or deletes the like row and raises an event when a row really changed, in one statement; igtv-counters
/// recounts. So any number of concurrent requests of one account end in one row and one event, and N accounts in N rows.
/// 404 when the video is not visible to the caller (drafts of others, blocks, private accounts). An unlike also finds a
/// video the caller can no longer see (deleted, unpublished, a block, gone private) when their like is on it: their own like
/// always goes (204) and the count follows; with no like there it stays the 404 of a video that does not exist.
/// </summary>
public sealed class VideoLikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The like rows: the table and its column naming the video.</summary>
    internal static readonly (string Table, string Column) LikeTable = ("igtv_likes", "video_id");

    private static readonly LikeStatements Statements = new($"SELECT v.id, v.user_id FROM igtv_videos v WHERE v.id = @videoId AND {VideoAccess.VisibleTo}",
        LikeTable, nameof(VideoLikeEvent.AuthorId),
        // The way out, as posts' (LikesApi): an unlike also finds a video hidden from the caller since, when their like is on it.
        $"""
        SELECT v.id, v.user_id FROM igtv_videos v
        WHERE v.id = @videoId AND ({VideoAccess.VisibleTo} OR EXISTS (SELECT 1 FROM igtv_likes l WHERE l.user_id = @viewer AND l.video_id = v.id))
        """);

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Like, VideoEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Unlike, VideoEvents.Unliked, ct);

    /// <summary>Who liked a video the caller may see, newest first (likers blocked either way, gone or deactivated are left out).</summary>
    public async Task<IResult> Likers(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await VideoAccess.AuthorIfReadableAsync(conn, viewer, videoId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "video", ct);
        return Api.Ok(await WhoLiked.PageAsync(conn, VideoReadSql.Likers, page, new { videoId, viewer }, ct));
    }

    private Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Task.FromResult(Problems.Unauthorized());
        if (!VideoAccess.TryParseId(id, out var videoId)) return Task.FromResult(Problems.NotFound("video"));
        return LikeStatements.ApplyAsync(db, time, sql, caller.UserId, new { videoId }, eventType, VideoLikeEvent.Of(videoId, caller.UserId), "video", ct);
    }
}
