using Fowergram.Platform.Content;

namespace Fowergram.Features.Collections;

/// <summary>POST /api/v1/collections.</summary>
public sealed record CreateCollectionRequest(string? Name, string? Description);

/// <summary>
/// A named collection, private to its owner. cover is the chosen cover post when the owner may still
/// see it, otherwise the most recently added visible post; postCount counts the posts the owner may see.
/// </summary>
public sealed record CollectionView(Guid Id, string Name, string Description, long PostCount, PostCard? Cover,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
