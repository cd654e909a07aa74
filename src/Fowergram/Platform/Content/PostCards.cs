using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>One media item as lists show it: the first item of a post, with a short-lived read URL.</summary>
public sealed record MediaPreview(Guid Id, string Type, string Url, DateTimeOffset UrlExpiresAt, string? AltText, int? Width, int? Height);

/// <summary>
/// A post in a grid (profile, archive, saved, collection, hashtag page). likeCount is absent when the author hid it or the viewer hides counts (LikeCounts); isPinned
/// says the author pinned it to the top of their grid; collaborators are its accepted co-authors (absent when none).
/// </summary>
public sealed record PostCard(Guid Id, UserSummary Author, DateTimeOffset CreatedAt, int MediaCount, MediaPreview? Cover,
    long? LikeCount, long CommentCount, bool IsArchived, bool IsPinned, IReadOnlyList<UserSummary>? Collaborators = null);

/// <summary>
/// Builds <see cref="PostCard"/>s for post ids a list query already filtered with <see cref="PostAccess.VisibleTo"/>:
/// read URLs are only ever signed here, after that check.
/// </summary>
public sealed class PostCards(MediaUploads uploads)
{
    private const string CardsSql = $"""
        SELECT p.id, p.user_id, u.username, u.full_name, u.avatar, u.is_verified, p.created_at, p.likes_disabled, p.is_archived, p.pinned_at IS NOT NULL AS is_pinned,
               coalesce(s.like_count, 0) AS like_count, coalesce(s.comment_count, 0) AS comment_count,
               (SELECT count(*) FROM post_media c WHERE c.post_id = p.id) AS media_count, {LikeCounts.ViewerShows},
               m.id AS media_id, m.media_type, m.blob_name, m.content_type, m.alt_text, m.width, m.height
        FROM posts p
        JOIN users u ON u.id = p.user_id
        LEFT JOIN post_stats s ON s.post_id = p.id
        LEFT JOIN LATERAL (SELECT pm.id, pm.media_type, pm.blob_name, coalesce(pm.content_type, up.content_type) AS content_type,
                                  pm.alt_text, pm.width, pm.height
                           FROM post_media pm LEFT JOIN uploads up ON up.id = pm.upload_id
                           WHERE pm.post_id = p.id ORDER BY pm.display_order LIMIT 1) m ON true
        WHERE p.id = ANY(@ids)
        """;

    /// <summary>
    /// Runs a keyset query returning <c>id, created_at</c> of posts it filtered with <see cref="PostAccess.VisibleTo"/>
    /// (LIMIT @take, cursor per <see cref="KeysetSql"/>) and turns the page into cards.
    /// </summary>
    public async Task<Page<PostCard>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<Position>(new CommandDefinition(sql, KeysetSql.Parameters(page, args), cancellationToken: ct))).ToList();
        var positions = Page<Position>.From(rows, page.Limit, r => new Cursor(r.CreatedAt, r.Id));
        return new Page<PostCard>(await LoadAsync(conn, viewer, positions.Items.Select(r => r.Id).ToList(), ct), positions.NextCursor);
    }

    /// <summary>Cards in the order of <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyList<PostCard>> LoadAsync(NpgsqlConnection conn, Guid? viewer, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = (await conn.QueryAsync<CardRow>(new CommandDefinition(CardsSql, new { ids = ids.ToArray(), viewer }, cancellationToken: ct)))
            .ToDictionary(r => r.Id);
        var collaborators = await Collaborators.LoadAsync(conn, viewer, rows.Keys, ct);
        var cards = new List<PostCard>(ids.Count);
        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var row)) continue;
            cards.Add(new PostCard(row.Id, new UserSummary(row.UserId, row.Username, row.FullName, row.Avatar, row.IsVerified),
                row.CreatedAt, (int)row.MediaCount, await PreviewAsync(row, ct),
                LikeCounts.Shown(row.LikeCount, row.UserId, viewer, row.ViewerShowsCounts, row.LikesDisabled), row.CommentCount, row.IsArchived, row.IsPinned,
                collaborators.GetValueOrDefault(id)));
        }
        return cards;
    }

    private async Task<MediaPreview?> PreviewAsync(CardRow row, CancellationToken ct)
    {
        if (row.MediaId is not { } mediaId || row.BlobName is null || row.ContentType is null) return null;
        var url = await uploads.CreateReadUrlAsync(row.BlobName, row.ContentType, ct);
        return new MediaPreview(mediaId, row.MediaType!, url.Url.AbsoluteUri, url.ExpiresAt, row.AltText, row.Width, row.Height);
    }

    private sealed class Position
    {
        public Guid Id { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class CardRow
    {
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public bool LikesDisabled { get; init; }
        public bool ViewerShowsCounts { get; init; }
        public bool IsArchived { get; init; }
        public bool IsPinned { get; init; }
        public long LikeCount { get; init; }
        public long CommentCount { get; init; }
        public long MediaCount { get; init; }
        public Guid? MediaId { get; init; }
        public string? MediaType { get; init; }
        public string? BlobName { get; init; }
        public string? ContentType { get; init; }
        public string? AltText { get; init; }
        public int? Width { get; init; }
        public int? Height { get; init; }
    }
}
