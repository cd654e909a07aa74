using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Creates a post in one transaction: each upload claimed (validated and marked used) in order, then the post and its
/// stats row, media rows, people tags, hashtags and mentions, post.created and one user.tagged per tagged account. Any
/// refusal rolls everything back, so the claimed slots are pending again and nothing points at anything. Scheduled
/// posts use the two halves apart: claimed when scheduled, inserted when published (ScheduledPostPublisher).
/// </summary>
public sealed class PostWriter(NpgsqlDataSource db, MediaUploads uploads, PostReader reader, WriteAllowances allowances, TimeProvider time)
{
    /// <summary>
    /// The new post as its author sees it, read before the commit (the answer is what was written, whatever commits after),
    /// or the problem to answer with.
    /// </summary>
    /// <param name="collaborators">Accounts invited to co-author the post (docs/posts.md "Collab posts"); a refusal is a 400 naming it, and nothing is written.</param>
    internal async Task<(PostView? Post, IResult? Problem)> CreateAsync(Guid authorId, ValidPost post, CancellationToken ct,
        IReadOnlyList<string>? collaborators = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, authorId, ct))
            return (null, Problems.AccountGone());
        if (await MusicProblemAsync(conn, tx, post, ct) is { } badClip) return (null, badClip);
        var (media, problem) = await ClaimAllAsync(conn, tx, authorId, post, ct);
        if (problem is not null) return (null, problem);
        var postId = await InsertAsync(conn, tx, authorId, post, media!, ct);
        for (var i = 0; i < (collaborators?.Count ?? 0); i++)
        {
            if (await PostCollaborators.InviteAsync(conn, tx, authorId, postId, collaborators![i], Timestamps.Now(time), ct) is { } refusal)
                return (null, Problems.Validation($"collaborators[{i}]", refusal.Detail));
        }
        if (await reader.ReadAsync(conn, tx, authorId, postId, ct) is not { } view) return (null, Problems.NotFound("post"));
        if (await allowances.SpendAsync(conn, tx, authorId, WriteKind.Post, ct) is { } spent) return (null, spent);
        await tx.CommitAsync(ct);
        return (view, null);
    }

    /// <summary>The 400 for a clip whose track is not in the catalogue or starts past its end; null without music or when it plays.</summary>
    internal static async Task<IResult?> MusicProblemAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ValidPost post, CancellationToken ct) =>
        post.Music is { } clip ? await MusicClips.ProblemAsync(conn, tx, clip.TrackId, clip.StartSeconds, ct) : null;

    /// <summary>
    /// Claims every upload of <paramref name="post"/> in order (validated and marked used in <paramref name="tx"/>) with
    /// what the file says about its size and length; the first refusal is the problem to answer with (roll back).
    /// </summary>
    internal async Task<(IReadOnlyList<PostMediaClaim>? Media, IResult? Problem)> ClaimAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid authorId, ValidPost post, CancellationToken ct)
    {
        var claimed = new List<PostMediaClaim>(post.Media.Count);
        await uploads.LockClaimsAsync(conn, tx, post.Media.Select(m => m.UploadId), ct);
        for (var i = 0; i < post.Media.Count; i++)
        {
            var item = post.Media[i];
            var claim = await uploads.ClaimAsync(conn, tx, authorId, item.UploadId, MediaPurpose.Post, ct);
            if (!claim.Succeeded) return (null, claim.ToProblem($"media[{i}].uploadId"));
            var media = claim.Media!;
            if (item.DurationSeconds is not null && media.Kind != MediaKind.Video)
                return (null, Problems.Validation($"media[{i}].durationSeconds", "Only videos have a duration."));
            // What the file says wins over what the client declared (docs/media.md, "Measured").
            var duration = media.Facts.DurationSeconds ?? item.DurationSeconds;
            if (duration > PostRules.MaxDurationSeconds)
                return (null, Problems.Validation($"media[{i}].durationSeconds", $"The video is {duration} seconds long; a post's video is at most {PostRules.MaxDurationSeconds} seconds."));
            claimed.Add(new PostMediaClaim(media.UploadId, media.ObjectName, media.ContentType, media.Kind, media.Size,
                media.Facts.Width ?? item.Width, media.Facts.Height ?? item.Height, duration));
        }
        return (claimed, null);
    }

    /// <summary>
    /// Writes the post now in <paramref name="tx"/>: the post and its stats row, media rows from the claims (in order),
    /// people tags of accounts that may be tagged now, hashtags and mentions, post.created and one user.tagged per tagged account.
    /// </summary>
    internal async Task<Guid> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid authorId, ValidPost post,
        IReadOnlyList<PostMediaClaim> media, CancellationToken ct)
    {
        var postId = Ids.New(time);
        var now = Timestamps.Now(time);
        await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertPost, new
        {
            id = postId, authorId, caption = post.Caption, location = post.Location,
            commentsDisabled = post.CommentsDisabled, likesDisabled = post.LikesDisabled,
            musicTrackId = post.Music?.TrackId, musicStartSeconds = post.Music?.StartSeconds, now,
        }, tx, cancellationToken: ct));

        var tagged = await People.ResolveAsync(conn, tx, authorId, post.Media.SelectMany(m => m.Tags).Select(t => t.Username).ToList(),
            Involvement.Tag, ct);
        for (var i = 0; i < post.Media.Count; i++)
        {
            var (item, claim) = (post.Media[i], media[i]);
            var mediaId = Ids.New(time);
            await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertMedia, new
            {
                id = mediaId, postId, uploadId = claim.UploadId, blobName = claim.ObjectName, contentType = claim.ContentType,
                mediaType = claim.Kind == MediaKind.Video ? "video" : "image", altText = item.AltText, width = claim.Width,
                height = claim.Height, fileSize = claim.Size, duration = claim.DurationSeconds, displayOrder = i, now,
            }, tx, cancellationToken: ct));
            var tags = item.Tags.Where(t => tagged.ContainsKey(t.Username)).ToList();
            if (tags.Count > 0)
                await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertTags, new
                {
                    mediaId, userIds = tags.Select(t => tagged[t.Username]).ToArray(), xs = tags.Select(t => t.X).ToArray(),
                    ys = tags.Select(t => t.Y).ToArray(), now,
                }, tx, cancellationToken: ct));
        }

        await PostLinks.WriteAsync(conn, tx, time, postId, authorId, now, post.Links, ct);
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Created, authorId, PostEvent.Of(postId, authorId, now) with { MusicTrackId = post.Music?.TrackId }, ct);
        await Outbox.EnqueueManyAsync(conn, tx, time, PostEvents.UserTagged, authorId,
            tagged.Values.Distinct().Where(id => id != authorId).Select(userId => TagEvent.Of(userId, postId)).ToList(), ct);
        return postId;
    }
}

/// <summary>A claimed upload as a post's media item stores it: the object, and the size and length the file gave (else the client's).</summary>
internal sealed record PostMediaClaim(Guid UploadId, string ObjectName, string ContentType, MediaKind Kind, long Size, int? Width, int? Height,
    int? DurationSeconds);
