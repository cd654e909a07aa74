using System.Text.Json;

namespace Fowergram.Features.Feed;

/// <summary>
/// The events the feed reacts to (raised by the posts and social-graph areas; docs/events.md has the
/// contract). Only the ids the feed needs are read; a payload without them is a poison message.
/// </summary>
public static class FeedEvents
{
    public const string PostCreated = "post.created";
    public const string PostDeleted = "post.deleted";
    public const string PostArchived = "post.archived";
    public const string PostUnarchived = "post.unarchived";
    public const string PostRestored = "post.restored";
    public const string PostCollaboratorAdded = "post.collaborator_added";
    public const string PostCollaboratorRemoved = "post.collaborator_removed";
    public const string PostReposted = "post.reposted";
    public const string PostUnreposted = "post.unreposted";
    public const string FollowCreated = "follow.created";
    public const string FollowDeleted = "follow.deleted";
    public const string BlockCreated = "block.created";
    public const string MuteChanged = "mute.changed";

    internal static Guid Required(Guid value, string name, string type) =>
        value != Guid.Empty ? value : throw new JsonException($"A {type} event must carry {name}.");
}

public sealed record PostEventPayload(Guid PostId, Guid AuthorId);

public sealed record CollaboratorEventPayload(Guid PostId, Guid CollaboratorId);

/// <summary>post.reposted, post.unreposted: the post and who reposted it.</summary>
public sealed record RepostEventPayload(Guid PostId, Guid UserId);

public sealed record FollowEventPayload(Guid FollowerId, Guid FollowingId);

public sealed record BlockEventPayload(Guid BlockerId, Guid BlockedId);

/// <summary>mute.changed: the pair and whether the muter's mute of the other's posts stood when it was raised.</summary>
public sealed record MuteEventPayload(Guid MuterId, Guid MutedId, bool MutePosts);
