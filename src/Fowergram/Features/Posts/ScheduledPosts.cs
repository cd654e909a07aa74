using System.Text.Json;
using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Scheduled posts' reads and their publication, shared by the routes and the scheduled-posts job: a post is published
/// by <see cref="PostWriter.InsertAsync"/> from its stored request and the claims made when it was scheduled, exactly as
/// POST /posts writes one, and its row goes in the same transaction.
/// </summary>
public sealed class ScheduledPosts(PostWriter writer, MediaUploads uploads, TimeProvider time)
{
    /// <summary>The owner's scheduled posts (all, or the one <paramref name="id"/>), soonest first, with signed read URLs of their media.</summary>
    internal async Task<IReadOnlyList<ScheduledPostView>> OwnedAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, Guid? id,
        CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<ScheduledPostRow>(new CommandDefinition(ScheduledPostsSql.Owned, new { userId, id }, tx, cancellationToken: ct))).ToList();
        var media = await MediaAsync(conn, tx, rows.Select(r => r.Id).ToArray(), ct);
        var views = new List<ScheduledPostView>(rows.Count);
        foreach (var row in rows) views.Add(await ViewAsync(row, media[row.Id].ToList(), ct));
        return views;
    }

    /// <summary>
    /// Writes the post now and removes its row, in <paramref name="tx"/> (the caller holds the row's lock). The stored
    /// request passed these rules when it was scheduled or edited; one that no longer does (a rule tightened since)
    /// throws <see cref="ScheduledPostRefused"/> naming the field, and the post stays scheduled for its owner to edit or
    /// cancel. So does one whose music no longer plays (its track left the catalogue, or got shorter than its start),
    /// checked as POST /posts checks it.
    /// </summary>
    internal async Task<Guid> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ScheduledPostRow row, CancellationToken ct)
    {
        var errors = new Validation();
        var post = PostRules.Validate(Request(row), errors)
            ?? throw new ScheduledPostRefused(errors.First?.Field ?? "post", errors.First?.Message ?? "It no longer passes the rules for posts.");
        if (post.Music is { } clip && await MusicClips.RefusalAsync(conn, tx, clip.TrackId, clip.StartSeconds, ct) is { } refusal)
            throw new ScheduledPostRefused(refusal.Field, refusal.Message);
        var media = (await MediaAsync(conn, tx, [row.Id], ct))[row.Id]
            .Select(m => new PostMediaClaim(m.UploadId, m.ObjectName, m.ContentType, MediaPolicy.KindOf(m.ContentType), m.Size, m.Width, m.Height,
                m.DurationSeconds))
            .ToList();
        if (media.Count != post.Media.Count)
            throw new InvalidOperationException($"Scheduled post {row.Id} holds {media.Count} claimed uploads for {post.Media.Count} media items.");
        var request = Request(row);
        var postId = await writer.InsertAsync(conn, tx, row.UserId, post, media, ct);
        // Who may be invited is decided now, as who may be tagged is: one who blocked the author or turned tags off since is
        // left out rather than holding the post back (the author may invite again once it is up).
        foreach (var username in request.Collaborators ?? [])
            if (!string.IsNullOrEmpty(username))
                await PostCollaborators.InviteAsync(conn, tx, row.UserId, postId, username, Timestamps.Now(time), ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.Published, new { id = row.Id }, tx, cancellationToken: ct));
        return postId;
    }

    internal static CreatePostRequest Request(ScheduledPostRow row) =>
        JsonSerializer.Deserialize<CreatePostRequest>(row.Request, ApiJson.Options)
        ?? throw new InvalidOperationException($"Scheduled post {row.Id} holds no request.");

    internal static string Store(CreatePostRequest request) => JsonSerializer.Serialize(request, ApiJson.Options);

    private static async Task<ILookup<Guid, ScheduledMediaRow>> MediaAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid[] ids, CancellationToken ct) =>
        (await conn.QueryAsync<ScheduledMediaRow>(new CommandDefinition(ScheduledPostsSql.Media, new { ids }, tx, cancellationToken: ct)))
        .ToLookup(m => m.ScheduledPostId);

    private async Task<ScheduledPostView> ViewAsync(ScheduledPostRow row, IReadOnlyList<ScheduledMediaRow> media, CancellationToken ct)
    {
        var request = Request(row);
        // The tags and alt texts as the post rules read them (names normalised, a person tagged twice once); a request a
        // rule tightened since no longer passes shows its media without them until it is edited.
        var valid = PostRules.Validate(request, new Validation());
        var views = new List<ScheduledMediaView>(media.Count);
        for (var i = 0; i < media.Count; i++)
        {
            var (m, item) = (media[i], valid is not null && i < valid.Media.Count ? valid.Media[i] : null);
            // The owner's own claimed upload: the owner may read it (as an author reads a post's media).
            var url = await uploads.CreateReadUrlAsync(m.ObjectName, m.ContentType, ct);
            views.Add(new ScheduledMediaView(m.UploadId, MediaPolicy.KindOf(m.ContentType) == MediaKind.Video ? "video" : "image", url.Url.AbsoluteUri,
                url.ExpiresAt, item?.AltText, m.Width, m.Height, m.DurationSeconds,
                item?.Tags.Select(t => new UserTagView(t.Username, t.X, t.Y)).ToList() ?? []));
        }
        return new ScheduledPostView(row.Id, row.PublishAt, request.Caption ?? "", request.Location, request.CommentsDisabled ?? false,
            request.LikesDisabled ?? false, views, row.CreatedAt, row.UpdatedAt,
            row.FailedAt is { } failedAt ? new ScheduledPostFailure(failedAt, row.Failure ?? "") : null, MusicClips.FromJson(row.Music),
            request.Collaborators is { Count: > 0 } names ? names.OfType<string>().ToList() : null);
    }
}

/// <summary>A scheduled post whose stored field no longer passes a check against the data (its music's track): the owner's to edit.</summary>
internal sealed class ScheduledPostRefused(string field, string message) : InvalidOperationException(message)
{
    public string Field { get; } = field;
}
