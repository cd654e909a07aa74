namespace Fowergram.Features.Highlights;

/// <summary>POST /api/v1/highlights.</summary>
public sealed record CreateHighlightRequest(string? Title, Guid? CoverStoryId, IReadOnlyList<Guid>? StoryIds);

public sealed record HighlightOwner(Guid Id, string Username, string? Avatar);

public sealed record HighlightMedia(string Type, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// A story as it plays in a highlight, for the audience it had. <see cref="CanReply"/> and <see cref="CanReact"/> are the
/// story reads' flags (docs/stories.md): true only while the story is live and the author's switch admits the caller; past
/// its 24 hours a highlighted story takes neither.
/// </summary>
public sealed record HighlightStory(Guid Id, string MediaType, HighlightMedia? Media, string Audience, string? AltText,
    DateTimeOffset CreatedAt, DateTimeOffset AddedAt, bool CanReply, bool CanReact);

public sealed record HighlightCover(Guid StoryId, HighlightMedia? Media);

/// <summary>
/// A highlight as the caller sees it: <see cref="StoryCount"/> and <see cref="Stories"/> hold only the stories
/// the caller's relation to the owner lets them see; the cover is the chosen story when visible, else the first.
/// </summary>
public sealed record HighlightResponse(Guid Id, HighlightOwner Owner, string Title, HighlightCover? Cover, int DisplayOrder,
    int StoryCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<HighlightStory>? Stories);

public sealed record HighlightListResponse(IReadOnlyList<HighlightResponse> Items);

internal sealed class HighlightRow
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Username { get; set; } = "";
    public string? Avatar { get; set; }
    public string Title { get; set; } = "";
    public Guid? CoverStoryId { get; set; }
    public int DisplayOrder { get; set; }
    public int StoryCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class HighlightStoryRow
{
    public Guid HighlightId { get; set; }
    public Guid Id { get; set; }
    public string BlobName { get; set; } = "";
    public string MediaType { get; set; } = "";
    public string? ContentType { get; set; }
    public DateTimeOffset? MediaDeletedAt { get; set; }
    public string Audience { get; set; } = "";
    public string? AltText { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public bool CanReply { get; set; }
    public bool CanReact { get; set; }
}
