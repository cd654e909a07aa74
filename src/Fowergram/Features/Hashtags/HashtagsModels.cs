using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Hashtags;

/// <summary>GET /api/v1/hashtags/{name}: the tag, its count of live posts, whether the caller follows it, and a page of recent posts the caller may see.</summary>
public sealed record HashtagPage(string Name, long PostCount, bool IsFollowing, Page<PostCard> Posts);

public sealed record TrendingHashtag(string Name, long RecentPostCount, long PostCount);

public sealed record TrendingHashtags(IReadOnlyList<TrendingHashtag> Items);

public sealed record HashtagMatch(string Name, long PostCount);

public sealed record HashtagMatches(IReadOnlyList<HashtagMatch> Items);
