using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Creates a post in one transaction: the post and its stats row, each upload claimed (validated and
/// marked used) in order, media rows, people tags, hashtags and mentions, post.created and one user.tagged per
/// tagged account. Any refusal
/// rolls everything back, so the claimed slots are pending again and nothing points at anything.
/// </summary>
public sealed class PostWriter(NpgsqlDataSource db, MediaUploads uploads, TimeProvider time)
{
    /// <summary>The new post's id, or the problem to answer with.</summary>
    internal async Task<(Guid? PostId, IResult? Problem)> CreateAsync(Guid authorId, ValidPost post, CancellationToken ct)
    {
        var postId = Ids.New(time);
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, authorId, ct))
            return (null, Problems.AccountGone());
        await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertPost, new
        {
            id = postId, authorId, caption = post.Caption, location = post.Location,
            commentsDisabled = post.CommentsDisabled, likesDisabled = post.LikesDisabled, now,
        }, tx, cancellationToken: ct));

        var tagged = await People.ResolveAsync(conn, tx, authorId, post.Media.SelectMany(m => m.Tags).Select(t => t.Username).ToList(),
            Involvement.Tag, ct);
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
            var mediaId = Ids.New(time);
            await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertMedia, new
            {
                id = mediaId, postId, uploadId = media.UploadId, blobName = media.ObjectName, contentType = media.ContentType,
                mediaType = media.Kind == MediaKind.Video ? "video" : "image", altText = item.AltText, width = media.Facts.Width ?? item.Width,
                height = media.Facts.Height ?? item.Height, fileSize = media.Size, duration, displayOrder = i, now,
            }, tx, cancellationToken: ct));
            foreach (var tag in item.Tags.Where(t => tagged.ContainsKey(t.Username)))
                await conn.ExecuteAsync(new CommandDefinition(PostsSql.InsertTag,
                    new { mediaId, userId = tagged[tag.Username], x = tag.X, y = tag.Y, now }, tx, cancellationToken: ct));
        }

        await PostLinks.WriteAsync(conn, tx, time, postId, authorId, now, post.Links, ct);
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Created, authorId, PostEvent.Of(postId, authorId, now), ct);
        foreach (var userId in tagged.Values.Distinct().Where(id => id != authorId))
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.UserTagged, authorId, TagEvent.Of(userId, postId), ct);
        await tx.CommitAsync(ct);
        return (postId, null);
    }
}
