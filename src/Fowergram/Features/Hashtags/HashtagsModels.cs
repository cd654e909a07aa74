using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Hashtags;

/// <summary>
/// GET /api/v1/hashtags/{name}: the tag, its counts of live posts and of live reels (the reels tab's, /hashtags/{name}/reels),
/// whether the caller follows it, and a page of recent posts the caller may see.
/// </summary>
public sealed record HashtagPage(string Name, long PostCount, long ReelCount, bool IsFollowing, Page<PostCard> Posts);

/// <summary>RecentPostCount: the window's posts and reels (get_trending_hashtags); PostCount and ReelCount: all-time, as on the hashtag's page.</summary>
public sealed record TrendingHashtag(string Name, long RecentPostCount, long PostCount, long ReelCount);

public sealed record TrendingHashtags(IReadOnlyList<TrendingHashtag> Items);

public sealed record HashtagMatch(string Name, long PostCount, long ReelCount);

public sealed record HashtagMatches(IReadOnlyList<HashtagMatch> Items);

/// <summary>A hashtag the caller follows (GET /users/me/followed-hashtags): its counts as its page shows them, and since when.</summary>
public sealed record FollowedHashtag(string Name, long PostCount, long ReelCount, DateTimeOffset FollowedAt);
