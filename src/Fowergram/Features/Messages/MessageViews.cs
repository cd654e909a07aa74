using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Turns message rows into <see cref="MessageView"/>s for one reader. Being in the thread is what lets the reader
/// see its photos and videos; a shared post, story, reel or video is shown only while the reader may see it themselves
/// (read-time visibility, as everywhere: the readers of reels and videos check it), so sharing never widens an audience.
/// </summary>
public sealed class MessageViews(MediaUploads uploads, PostCards cards, ReelReader reels, VideoReader videos, IMediaStore store,
    IOptions<MediaOptions> options, VanishingRule vanishing, TimeProvider time)
{
    /// <summary>The type of a message a moderator took down (migration 0132): it shows where it stood, with nothing of what it said.</summary>
    public const string Removed = "removed";

    internal async Task<IReadOnlyList<MessageView>> BuildAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid conversationId,
        DateTimeOffset joinedAt, IReadOnlyList<MessageRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var replyIds = rows.Where(r => r.ReplyToMessageId is not null).Select(r => r.ReplyToMessageId!.Value).Distinct().ToArray();
        var replies = replyIds.Length == 0 ? new Dictionary<Guid, ReplyPreview>()
            : (await conn.QueryAsync<RepliedRow>(new CommandDefinition(MessagesSql.Replied, new { ids = replyIds, conversationId, joinedAt, stillSince = vanishing.StillSince() }, tx, cancellationToken: ct)))
                .ToDictionary(r => r.Id, r => new ReplyPreview(r.Id, r.SenderId, r.MessageType, r.MessageType == "text" ? r.Content : null));
        var posts = await SharedPostsAsync(conn, tx, viewer, rows, ct);
        var stories = await SharedStoriesAsync(conn, tx, viewer, rows.Where(r => r.SharedStoryId is not null).Select(r => r.SharedStoryId!.Value), ct);
        var sharedReels = (await reels.LoadAsync(conn, viewer, Shared(rows, r => r.SharedReelId), ct)).ToDictionary(r => r.Id);
        var sharedVideos = (await videos.LoadAsync(conn, viewer, Shared(rows, r => r.SharedVideoId), ct)).ToDictionary(v => v.Id);
        var reactions = (await conn.QueryAsync<ReactionRow>(new CommandDefinition(MessagesSql.Reactions,
                new { ids = rows.Select(r => r.Id).ToArray(), viewer }, tx, cancellationToken: ct)))
            .GroupBy(r => r.MessageId).ToDictionary(g => g.Key, g => g.ToList());

        var views = new List<MessageView>(rows.Count);
        foreach (var r in rows)
        {
            views.Add(new MessageView(r.Id, r.ConversationId,
                r.ShownSenderId is { } senderId ? new UserSummary(senderId, r.SenderUsername!, r.SenderFullName!, r.SenderAvatar, r.SenderIsVerified ?? false) : null,
                r.MessageType, r.Content, await MediaAsync(r, ct),
                r.SharedPostId is { } postId ? posts.GetValueOrDefault(postId) : null,
                r.SharedStoryId is { } storyId ? stories.GetValueOrDefault(storyId) : null,
                r.SharedReelId is { } reelId ? sharedReels.GetValueOrDefault(reelId) : null,
                r.SharedVideoId is { } videoId ? sharedVideos.GetValueOrDefault(videoId) : null,
                r.ReplyToMessageId is { } replyId ? replies.GetValueOrDefault(replyId) : null,
                r.IsEdited, r.CreatedAt,
                reactions.TryGetValue(r.Id, out var counts) ? counts.Select(c => new ReactionCount(c.Emoji, c.Count)).ToList() : [],
                reactions.TryGetValue(r.Id, out var mine) ? mine.FirstOrDefault(c => c.Mine)?.Emoji : null, r.QuotedNote, r.Vanishes, r.IsAutomatic));
        }
        return views;
    }

    /// <summary>The shared stories among <paramref name="ids"/> that <paramref name="viewer"/> may see now.</summary>
    internal async Task<Dictionary<Guid, SharedStoryView>> SharedStoriesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0) return [];
        var now = time.GetUtcNow();
        var rows = await conn.QueryAsync<StoryRow>(new CommandDefinition(MessagesSql.VisibleStories, new { ids = distinct, viewer, now }, tx, cancellationToken: ct));
        var views = new Dictionary<Guid, SharedStoryView>();
        foreach (var s in rows)
        {
            // Anyone but the author gets a URL that dies with the story, as the story tray hands out.
            var expiresAt = now + options.Value.ReadUrlLifetime;
            if (s.AuthorId != viewer && s.ExpiresAt < expiresAt) expiresAt = s.ExpiresAt;
            var url = s.MediaDeletedAt is null && s.ContentType is not null && expiresAt > now
                ? await store.CreateReadUrlAsync(s.BlobName, s.ContentType, expiresAt, ct) : null;
            views[s.Id] = new SharedStoryView(s.Id, new UserSummary(s.AuthorId, s.Username, s.FullName, s.Avatar, s.IsVerified), s.MediaType,
                url?.AbsoluteUri, url is null ? null : expiresAt, s.ExpiresAt);
        }
        return views;
    }

    private async Task<Dictionary<Guid, PostCard>> SharedPostsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        IReadOnlyList<MessageRow> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.SharedPostId is not null).Select(r => r.SharedPostId!.Value).Distinct().ToArray();
        if (ids.Length == 0) return [];
        var visible = (await conn.QueryAsync<Guid>(new CommandDefinition(MessagesSql.VisiblePosts, new { ids, viewer }, tx, cancellationToken: ct))).ToList();
        return (await cards.LoadAsync(conn, viewer, visible, ct)).ToDictionary(c => c.Id);
    }

    private static List<Guid> Shared(IReadOnlyList<MessageRow> rows, Func<MessageRow, Guid?> id) =>
        rows.Select(id).OfType<Guid>().Distinct().ToList();

    private async Task<MessageMedia?> MediaAsync(MessageRow row, CancellationToken ct)
    {
        if (row.MediaBlobName is null || row.ContentType is null) return null;
        var url = await uploads.CreateReadUrlAsync(row.MediaBlobName, row.ContentType, ct);
        return new MessageMedia(row.MessageType, url.Url.AbsoluteUri, url.ExpiresAt);
    }

    private sealed class RepliedRow
    {
        public Guid Id { get; init; }
        public Guid? SenderId { get; init; }
        public string MessageType { get; init; } = "";
        public string? Content { get; init; }
    }

    private sealed class StoryRow
    {
        public Guid Id { get; init; }
        public Guid AuthorId { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public string BlobName { get; init; } = "";
        public string MediaType { get; init; } = "";
        public string? ContentType { get; init; }
        public DateTimeOffset? MediaDeletedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }
}

internal sealed class ReactionRow
{
    public Guid MessageId { get; init; }
    public string Emoji { get; init; } = "";
    public int Count { get; init; }
    public bool Mine { get; init; }
}

internal sealed class MessageRow
{
    public Guid Id { get; init; }
    public Guid ConversationId { get; init; }
    public Guid SenderId { get; init; }

    /// <summary>The sender while its account is live; null, with the other sender columns, when it is gone (MessagesSql.LiveSender).</summary>
    public Guid? ShownSenderId { get; init; }
    public string? SenderUsername { get; init; }
    public string? SenderFullName { get; init; }
    public string? SenderAvatar { get; init; }
    public bool? SenderIsVerified { get; init; }
    public string MessageType { get; init; } = "";
    public string? Content { get; init; }
    public string? MediaBlobName { get; init; }
    public string? ContentType { get; init; }
    public Guid? SharedPostId { get; init; }
    public Guid? SharedStoryId { get; init; }
    public Guid? SharedReelId { get; init; }
    public Guid? SharedVideoId { get; init; }
    public Guid? ReplyToMessageId { get; init; }
    public string? QuotedNote { get; init; }
    public bool Vanishes { get; init; }
    public bool IsAutomatic { get; init; }
    public bool IsEdited { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Only read for a single message (MessagesSql.One) and search across threads (MessageSearchSql): what the reader can see of the thread starts here.</summary>
    public DateTimeOffset ReaderJoinedAt { get; init; }
}
