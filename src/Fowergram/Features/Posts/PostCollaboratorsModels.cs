using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

/// <summary>POST /posts/{id}/collaborators: the account to invite.</summary>
public sealed record InviteCollaboratorRequest(string? Username);

/// <summary>
/// A collaborator of a post, or (for its author only) an invited account: <c>state</c> is <c>accepted</c> or <c>pending</c>;
/// <c>invitedAt</c> is shown to the author only.
/// </summary>
public sealed record CollaboratorView(UserSummary User, string State, DateTimeOffset? InvitedAt, DateTimeOffset? AcceptedAt);

/// <summary>An open invitation to co-author a post, with the post's card.</summary>
public sealed record CollabInvitation(PostCard Post, DateTimeOffset InvitedAt);
