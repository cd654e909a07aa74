namespace Fowergram.Features.Insights;

/// <summary>
/// GET /users/me/insights: the account's followers (all, and new in the window: those still following), its profile's
/// visits in the window, the accounts reached in it (by the day of their latest look at any of its content), the content it
/// shared in the window by kind with what that content received, the sum of interactions, and its five pieces with the
/// most interactions.
/// </summary>
public sealed record AccountInsights(int Days, DateTimeOffset Since, FollowerInsights Followers, ProfileInsights Profile, Reach Reach, ContentInsights Content, long Interactions,
    IReadOnlyList<TopContent> Top);

/// <summary>All followers; those who started following in the window and still do; those who stopped in it and have not come back.</summary>
public sealed record FollowerInsights(long Total, long New, long Lost);

/// <summary>Profile visits of the window: one per visiting account and UTC day, and how many accounts they were.</summary>
public sealed record ProfileInsights(long Visits, long Accounts);

public sealed record ContentInsights(PostsInsights Posts, ReelsInsights Reels, VideosInsights Videos, StoriesInsights Stories);

public sealed record PostsInsights(long Count, long Likes, long Comments, long Saves, long Shares);

public sealed record ReelsInsights(long Count, long Plays, long Likes, long Comments, long Saves, long Shares, long Reposts);

public sealed record VideosInsights(long Count, long Views, long Likes, long Comments, long Shares);

public sealed record StoriesInsights(long Count, long Views, long Reactions);

/// <summary>A post, reel or video of the window, by interactions (likes, comments, saves and shares together; a reel's reposts too).</summary>
public sealed record TopContent(string Type, Guid Id, DateTimeOffset CreatedAt, long Interactions);

/// <summary>
/// GET /posts/{id}/insights, for its author: what the post received, saves and shares included (only the author sees those),
/// and how far it went: <c>reach</c> (accounts it was shown to, split by whether they followed the author at the time) and
/// <c>impressions</c> (times it was shown) — docs/insights.md "Reach and impressions".
/// </summary>
public sealed record PostInsights(Guid Id, DateTimeOffset CreatedAt, bool IsArchived, long Likes, long Comments, long Saves, long Shares,
    Reach Reach, long Impressions)
{
    public long Interactions => Likes + Comments + Saves + Shares;
}

/// <summary>
/// Accounts a post or reel reached, and of them those who followed its author at the first look and those who did not; for
/// the account's insights, the accounts that looked at any of its content in the window, split by their latest look.
/// </summary>
public sealed record Reach(long Accounts, long Followers, long NonFollowers);

/// <summary>
/// GET /reels/{id}/insights, for its author: <c>plays</c> (counted plays), <c>reach</c> (accounts that played it, split by
/// whether they followed the author at their first play), likes, comments, shares in messages, saves, remixes and reposts;
/// <c>interactions</c> is likes, comments, shares, saves and reposts together.
/// </summary>
public sealed record ReelInsights(Guid Id, DateTimeOffset CreatedAt, long Plays, Reach Reach, long Likes, long Comments, long Shares,
    long Saves, long Remixes, long Reposts)
{
    public long Interactions => Likes + Comments + Shares + Saves + Reposts;
}

internal sealed class ReelInsightsRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long Plays { get; init; }
    public long Accounts { get; init; }
    public long Followers { get; init; }
    public long NonFollowers { get; init; }
    public long Likes { get; init; }
    public long Comments { get; init; }
    public long Shares { get; init; }
    public long Saves { get; init; }
    public long Remixes { get; init; }
    public long Reposts { get; init; }

    public ReelInsights ToInsights() =>
        new(Id, CreatedAt, Plays, new Reach(Accounts, Followers, NonFollowers), Likes, Comments, Shares, Saves, Remixes, Reposts);
}

/// <summary>
/// GET /videos/{id}/insights, for its author: <c>views</c> (accounts that watched it, once each), likes, comments and shares
/// in messages; <c>publishedAt</c> is absent for a draft (all zero: nobody else can see it).
/// </summary>
public sealed record VideoInsights(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, long Views, long Likes, long Comments, long Shares)
{
    public long Interactions => Likes + Comments + Shares;
}

internal sealed class PostCountsRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool IsArchived { get; init; }
    public long Likes { get; init; }
    public long Comments { get; init; }
    public long Saves { get; init; }
    public long Shares { get; init; }
}

internal sealed class PostFiguresRow
{
    public long Accounts { get; init; }
    public long FollowerAccounts { get; init; }
    public long Impressions { get; init; }
}

/// <summary>
/// GET /stories/{id}/insights, for its author: views and what people did with the story — reactions, replies, shares in
/// messages, reshares to their own stories, and answers to its stickers.
/// </summary>
public sealed record StoryInsights(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, long Views, long Reactions, long Replies, long Shares,
    long Reshares, StickerInsights Stickers)
{
    public long Interactions => Reactions + Replies + Shares + Reshares + Stickers.Total;
}

/// <summary>Answers to a story's stickers, by kind (zero for a kind the story does not carry).</summary>
public sealed record StickerInsights(long PollVotes, long QuizAnswers, long SliderResponses, long QuestionResponses, long CountdownReminders)
{
    public long Total => PollVotes + QuizAnswers + SliderResponses + QuestionResponses + CountdownReminders;
}

internal sealed class StoryInsightsRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public long Views { get; init; }
    public long Reactions { get; init; }
    public long Replies { get; init; }
    public long Shares { get; init; }
    public long Reshares { get; init; }
    public long PollVotes { get; init; }
    public long QuizAnswers { get; init; }
    public long SliderResponses { get; init; }
    public long QuestionResponses { get; init; }
    public long CountdownReminders { get; init; }

    public StoryInsights ToInsights() => new(Id, CreatedAt, ExpiresAt, Views, Reactions, Replies, Shares, Reshares,
        new StickerInsights(PollVotes, QuizAnswers, SliderResponses, QuestionResponses, CountdownReminders));
}

internal sealed class AccountTotalsRow
{
    public long Followers { get; init; }
    public long NewFollowers { get; init; }
    public long LostFollowers { get; init; }
    public long Posts { get; init; }
    public long PostLikes { get; init; }
    public long PostComments { get; init; }
    public long PostSaves { get; init; }
    public long PostShares { get; init; }
    public long Reels { get; init; }
    public long ReelPlays { get; init; }
    public long ReelLikes { get; init; }
    public long ReelComments { get; init; }
    public long ReelSaves { get; init; }
    public long ReelShares { get; init; }
    public long ReelReposts { get; init; }
    public long Videos { get; init; }
    public long VideoViews { get; init; }
    public long VideoLikes { get; init; }
    public long VideoComments { get; init; }
    public long VideoShares { get; init; }
    public long Stories { get; init; }
    public long StoryViews { get; init; }
    public long StoryReactions { get; init; }

    public ContentInsights ToContent() => new(
        new PostsInsights(Posts, PostLikes, PostComments, PostSaves, PostShares),
        new ReelsInsights(Reels, ReelPlays, ReelLikes, ReelComments, ReelSaves, ReelShares, ReelReposts),
        new VideosInsights(Videos, VideoViews, VideoLikes, VideoComments, VideoShares),
        new StoriesInsights(Stories, StoryViews, StoryReactions));

    /// <summary>
    /// What people did with the content: likes, comments, saves and shares, and reels' reposts as GET /reels/{id}/insights
    /// counts them (plays and views are reach, not interaction).
    /// </summary>
    public long Interactions => PostLikes + PostComments + PostSaves + PostShares + ReelLikes + ReelComments + ReelSaves + ReelShares + ReelReposts
        + VideoLikes + VideoComments + VideoShares + StoryReactions;
}
