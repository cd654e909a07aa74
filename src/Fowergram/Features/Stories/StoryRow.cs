namespace Fowergram.Features.Stories;

/// <summary>What <see cref="StoryReadSql.Select"/> reads (Dapper maps snake_case columns).</summary>
internal sealed class StoryRow
{
    public Guid Id { get; set; }
    public Guid AuthorId { get; set; }
    public string AuthorUsername { get; set; } = "";
    public string? AuthorAvatar { get; set; }
    public string BlobName { get; set; } = "";
    public string MediaType { get; set; } = "";
    public string? ContentType { get; set; }
    public DateTimeOffset? MediaDeletedAt { get; set; }
    public string? AltText { get; set; }
    public string Audience { get; set; } = "";
    public Guid? MusicTrackId { get; set; }
    public string? MusicTitle { get; set; }
    public string? MusicArtist { get; set; }
    public int? MusicStartTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public Guid? PollId { get; set; }
    public string? PollQuestion { get; set; }
    public string? PollOption1 { get; set; }
    public string? PollOption2 { get; set; }
    public Guid? QuestionId { get; set; }
    public string? QuestionText { get; set; }
    public Guid? ProductId { get; set; }
    public string? ProductName { get; set; }
    public decimal? ProductPrice { get; set; }
    public string? ProductCurrency { get; set; }
    public string? LinkUrl { get; set; }
    public string? LinkText { get; set; }
    public Guid? SliderId { get; set; }
    public string? SliderQuestion { get; set; }
    public string? SliderEmoji { get; set; }
    public Guid? QuizId { get; set; }
    public string? QuizQuestion { get; set; }
    public string[]? QuizOptions { get; set; }
    public Guid? CountdownId { get; set; }
    public string? CountdownTitle { get; set; }
    public DateTimeOffset? CountdownEndsAt { get; set; }
    public Guid? SharedPostId { get; set; }
    public Guid? SharedReelId { get; set; }
    public Guid? SharedStoryId { get; set; }
    public Guid? AddYoursId { get; set; }
    public string? AddYoursPrompt { get; set; }
    public long AddYoursStoryCount { get; set; }
    public string[] Mentions { get; set; } = [];
    public bool Seen { get; set; }
    public string? MyReaction { get; set; }
    public long ViewCount { get; set; }
    public bool CanReply { get; set; }
    public bool CanReact { get; set; }

    // Tray only.
    public bool HasUnseen { get; set; }
    public DateTimeOffset LatestAt { get; set; }
}
