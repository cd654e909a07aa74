using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Read URLs for story media. Callers have already applied <c>can_view_story</c> and the liveness rule in
/// the query that produced the row. A URL handed to a viewer of a live story never outlives the story
/// (its expiry is capped at expires_at); the owner's archive is not capped. Media the expiry job
/// deleted has no URL at all. A shared post's card and a shared reel are built for those the viewer may see now, once per batch of stories.
/// </summary>
public sealed class StoryMedia(PostCards cards, ReelReader reels, IMediaStore store, IOptions<MediaOptions> options, TimeProvider time)
{
    internal async Task<StoryMediaResponse?> UrlAsync(StoryRow row, Guid viewer, CancellationToken ct)
    {
        if (row.MediaDeletedAt is not null || row.ContentType is null) return null;
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.ReadUrlLifetime;
        if (row.AuthorId != viewer && row.ExpiresAt < expiresAt) expiresAt = row.ExpiresAt;
        if (expiresAt <= now) return null;
        var url = await store.CreateReadUrlAsync(row.BlobName, row.ContentType, expiresAt, ct);
        return new StoryMediaResponse(row.MediaType, url.AbsoluteUri, expiresAt);
    }

    /// <summary>Views of rows read on <paramref name="conn"/> (which also reads the shared posts' cards).</summary>
    internal async Task<StoryResponse> ViewAsync(NpgsqlConnection conn, StoryRow row, Guid viewer, CancellationToken ct) =>
        (await ViewAllAsync(conn, [row], viewer, ct))[0];

    internal async Task<List<StoryResponse>> ViewAllAsync(NpgsqlConnection conn, IEnumerable<StoryRow> rows, Guid viewer, CancellationToken ct)
    {
        var list = rows.ToList();
        var posts = await SharedPostsAsync(conn, list, viewer, ct);
        var sharedReels = (await reels.LoadAsync(conn, viewer, list.Select(r => r.SharedReelId).OfType<Guid>().Distinct().ToList(), ct))
            .ToDictionary(r => r.Id);
        var sharedStories = await SharedStoriesAsync(conn, list, viewer, ct);
        var views = new List<StoryResponse>(list.Count);
        foreach (var row in list) views.Add(await ViewAsync(row, viewer, new Shared(posts, sharedReels, sharedStories), ct));
        return views;
    }

    private async Task<Dictionary<Guid, PostCard>> SharedPostsAsync(NpgsqlConnection conn, IReadOnlyList<StoryRow> rows, Guid viewer, CancellationToken ct)
    {
        var ids = rows.Select(r => r.SharedPostId).OfType<Guid>().Distinct().ToArray();
        if (ids.Length == 0) return [];
        var visible = (await conn.QueryAsync<Guid>(new CommandDefinition(StoryShares.VisiblePosts, new { ids, viewer }, cancellationToken: ct))).ToList();
        return (await cards.LoadAsync(conn, viewer, visible, ct)).ToDictionary(c => c.Id);
    }

    private async Task<Dictionary<Guid, SharedStoryCard>> SharedStoriesAsync(NpgsqlConnection conn, IReadOnlyList<StoryRow> rows, Guid viewer,
        CancellationToken ct)
    {
        var ids = rows.Select(r => r.SharedStoryId).OfType<Guid>().Distinct().ToArray();
        if (ids.Length == 0) return [];
        var cards = new Dictionary<Guid, SharedStoryCard>();
        foreach (var story in await conn.QueryAsync<StoryRow>(new CommandDefinition(StoryShares.VisibleStories,
                     new { ids, viewer, now = time.GetUtcNow() }, cancellationToken: ct)))
            cards[story.Id] = new SharedStoryCard(story.Id, new StoryAuthor(story.AuthorId, story.AuthorUsername, story.AuthorAvatar),
                story.MediaType, await UrlAsync(story, viewer, ct), story.ExpiresAt);
        return cards;
    }

    /// <summary>Live as docs/stories.md means it (StoryReadSql.Live): posted, not expired and not deleted — one in "Recently deleted" is not.</summary>
    private bool IsLive(StoryRow row) => row.DeletedAt is null && row.CreatedAt <= time.GetUtcNow() && row.ExpiresAt > time.GetUtcNow();

    /// <summary>What a batch of stories shares, loaded for the viewer: only what they may see now.</summary>
    private sealed record Shared(Dictionary<Guid, PostCard> Posts, Dictionary<Guid, ReelView> Reels, Dictionary<Guid, SharedStoryCard> Stories);

    private async Task<StoryResponse> ViewAsync(StoryRow row, Guid viewer, Shared shared, CancellationToken ct)
    {
        var own = row.AuthorId == viewer;
        return new StoryResponse(row.Id, new StoryAuthor(row.AuthorId, row.AuthorUsername, row.AuthorAvatar), row.MediaType,
            await UrlAsync(row, viewer, ct), row.Audience, row.AltText,
            row.MusicTrackId is { } trackId ? new StoryMusicResponse(trackId, row.MusicTitle!, row.MusicArtist!, row.MusicStartTime) : null,
            row.PollId is { } pollId ? new StoryPollSticker(pollId, row.PollQuestion!, row.PollOption1!, row.PollOption2!) : null,
            row.QuestionId is { } questionId ? new StoryQuestionSticker(questionId, row.QuestionText!) : null,
            row.ProductId is { } productId ? new StoryProductSticker(productId, row.ProductName!, row.ProductPrice!.Value, row.ProductCurrency!) : null,
            row.LinkUrl is { } linkUrl ? new StoryLinkSticker(linkUrl, row.LinkText) : null,
            row.SliderId is { } sliderId ? new StorySliderSticker(sliderId, row.SliderQuestion!, row.SliderEmoji!) : null,
            row.QuizId is { } quizId ? new StoryQuizSticker(quizId, row.QuizQuestion!, row.QuizOptions!) : null,
            row.CountdownId is { } countdownId ? new StoryCountdownSticker(countdownId, row.CountdownTitle!, row.CountdownEndsAt!.Value) : null,
            row.AddYoursId is { } addYoursId ? new StoryAddYoursSticker(addYoursId, row.AddYoursPrompt!, row.AddYoursStoryCount) : null,
            row.SharedPostId is { } postId ? shared.Posts.GetValueOrDefault(postId) : null,
            row.SharedReelId is { } reelId ? shared.Reels.GetValueOrDefault(reelId) : null,
            row.SharedStoryId is { } storyId ? shared.Stories.GetValueOrDefault(storyId) : null,
            row.Mentions, row.CreatedAt, row.ExpiresAt, row.Seen, row.MyReaction,
            own ? row.ViewCount : null, own ? IsLive(row) : null, row.CanReply, row.CanReact);
    }
}
