using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fowergram.Features.Feed;

/// <summary>
/// Reads one keyset page of a home feed: the reader's complete entries from <see cref="FeedSql.Recent"/>, and
/// only when those run out before the page is full, the rest from <see cref="FeedSql.Older"/>. Every row
/// <c>Recent</c> returns is at or after the reader's mark and every row <c>Older</c> returns is before it and
/// below <c>Recent</c>'s last row, so appending keeps the order and no post comes twice, even when a retention
/// run moves the mark between the two statements. The statements are prepared: planning them costs several
/// times running them.
/// </summary>
public sealed class FeedReader(NpgsqlDataSource db, IOptions<FeedOptions> options, TimeProvider time)
{
    /// <summary>The position before the first item: later than any post.</summary>
    private static readonly Cursor Start = new(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.AllBitsSet);

    /// <summary>
    /// Up to <c>limit + 1</c> items after the cursor, for <see cref="Page{T}.From"/>; null when the reader's account is gone
    /// (the statements read nothing for it: FeedSql's mark), told from an empty feed by one more read only when nothing came.
    /// </summary>
    public async Task<IReadOnlyList<FeedPost>?> ReadAsync(Guid viewer, PageRequest page, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var horizon = now - options.Value.Retention;
        var take = page.Limit + 1;
        var after = page.After ?? Start;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await QueryAsync(conn, FeedSql.Recent, viewer, now, horizon, after, take, ct);
        var items = Group(rows);
        if (items.Count < take)
        {
            var below = items.Count > 0 ? new Cursor(items[^1].CreatedAt, items[^1].Id) : after;
            var older = await QueryAsync(conn, FeedSql.Older, viewer, now, horizon, below, take - items.Count, ct);
            items.AddRange(Group(older));
        }
        if (items.Count == 0 && !await People.IsLiveAsync(conn, null, viewer, ct)) return null;
        return items;
    }

    private static async Task<List<FeedRow>> QueryAsync(NpgsqlConnection conn, string sql, Guid viewer, DateTimeOffset now,
        DateTimeOffset horizon, Cursor after, int take, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("viewer", NpgsqlDbType.Uuid) { TypedValue = viewer });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("horizon", NpgsqlDbType.TimestampTz) { TypedValue = horizon });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cursorAt", NpgsqlDbType.TimestampTz) { TypedValue = after.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("cursorId", NpgsqlDbType.Uuid) { TypedValue = after.Id });
        cmd.Parameters.Add(new NpgsqlParameter<int>("take", NpgsqlDbType.Integer) { TypedValue = take });
        // Npgsql keeps a prepared statement per physical connection and SQL text; later calls reuse it.
        await cmd.PrepareAsync(ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var parse = reader.GetRowParser<FeedRow>();
        var rows = new List<FeedRow>();
        while (await reader.ReadAsync(ct)) rows.Add(parse(reader));
        return rows;
    }

    /// <summary>Rows come one per media item, in page order; consecutive rows of a post become one item.</summary>
    private static List<FeedPost> Group(List<FeedRow> rows)
    {
        var items = new List<FeedPost>();
        for (var i = 0; i < rows.Count;)
        {
            var first = rows[i];
            var media = new List<FeedMedia>();
            for (; i < rows.Count && rows[i].PostId == first.PostId; i++)
            {
                if (rows[i] is { MediaId: { } id, MediaType: { } type, MediaBlobName: { } objectName } m)
                    media.Add(new FeedMedia(id, type, objectName, m.MediaContentType, m.MediaAltText, m.MediaWidth, m.MediaHeight, m.MediaDuration));
            }
            items.Add(new FeedPost(first.PostId,
                new FeedAuthor(first.AuthorId, first.AuthorUsername, first.AuthorFullName, first.AuthorAvatar, first.AuthorIsVerified),
                first.Caption, first.Location, media, first.LikeCount, first.CommentCount, first.IsLiked, first.IsSaved, first.IsReposted,
                first.CommentsDisabled, first.LikesDisabled, first.CreatedAt, Collaborators.FromJson(first.Collaborators),
                first.RepostedBy is null ? null : System.Text.Json.JsonSerializer.Deserialize<UserSummary>(first.RepostedBy, JsonOptions),
                MusicClips.FromJson(first.Music)));
        }
        return items;
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
}
