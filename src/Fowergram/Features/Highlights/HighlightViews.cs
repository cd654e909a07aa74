using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Highlights;

/// <summary>
/// Builds highlight answers as one viewer sees them. Media URLs are issued only for stories that passed
/// can_view_story in the query (the audience the story had) and whose media still exists; a highlighted
/// story keeps its media (the story-expiry job skips highlighted stories).
/// </summary>
public sealed class HighlightViews(MediaUploads media, TimeProvider time)
{
    /// <summary>
    /// A write answers with what it wrote by loading inside its transaction (<paramref name="tx"/>): loaded after the commit,
    /// a delete racing in between left nothing to load (a 500 found by ConcurrentRouteTests).
    /// </summary>
    internal async Task<List<HighlightResponse>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid? id, Guid? ownerId,
        bool withStories, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<HighlightRow>(new CommandDefinition(HighlightsSql.Select,
            new { viewer, id, ownerId, max = HighlightsSql.MaxHighlights }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        Guid[]? coversOnly = withStories ? null : rows.Where(r => r.CoverStoryId is not null).Select(r => r.CoverStoryId!.Value).ToArray();
        var stories = (await conn.QueryAsync<HighlightStoryRow>(new CommandDefinition(HighlightsSql.Stories,
            new { ids, viewer, storyIds = coversOnly, now = Timestamps.Now(time) }, tx, cancellationToken: ct))).ToList();

        var answers = new List<HighlightResponse>();
        foreach (var row in rows)
        {
            var own = stories.Where(s => s.HighlightId == row.Id).ToList();
            var items = new List<HighlightStory>();
            foreach (var s in own)
                items.Add(new HighlightStory(s.Id, s.MediaType, await UrlAsync(s, ct), s.Audience, s.AltText, s.CreatedAt, s.AddedAt, s.CanReply, s.CanReact));
            var cover = row.CoverStoryId is { } coverId && items.FirstOrDefault(i => i.Id == coverId) is { } c
                ? new HighlightCover(coverId, c.Media) : null;
            answers.Add(new HighlightResponse(row.Id, new HighlightOwner(row.UserId, row.Username, row.Avatar), row.Title, cover,
                row.DisplayOrder, row.StoryCount, row.CreatedAt, row.UpdatedAt, withStories ? items : null));
        }
        return answers;
    }

    private async Task<HighlightMedia?> UrlAsync(HighlightStoryRow story, CancellationToken ct)
    {
        if (story.MediaDeletedAt is not null || story.ContentType is null) return null;
        var url = await media.CreateReadUrlAsync(story.BlobName, story.ContentType, ct);
        return new HighlightMedia(story.MediaType, url.Url.AbsoluteUri, url.ExpiresAt);
    }
}
