using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The collab post routes of <see cref="PostsModule.MapPosts"/> (docs/posts.md "Collab posts").</summary>
public sealed class PostCollaboratorFunctions(PostCollaboratorsApi collaborators, CollabInvitationsApi invitations)
{
    [Function("InvitePostCollaborator")]
    public Task<IResult> Invite([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/collaborators")] HttpRequest request,
        string id, CancellationToken ct) => collaborators.Invite(request, id, ct);

    [Function("ListPostCollaborators")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/collaborators")] HttpRequest request,
        string id, CancellationToken ct) => collaborators.List(request, id, ct);

    [Function("RemovePostCollaborator")]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/collaborators/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => collaborators.Remove(request, id, username, ct);

    [Function("ListMyCollabInvitations")]
    public Task<IResult> Invitations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/collab-invitations")] HttpRequest request,
        CancellationToken ct) => invitations.List(request, ct);

    [Function("AcceptCollabInvitation")]
    public Task<IResult> Accept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/collab-invitations/{postId}/accept")]
        HttpRequest request, string postId, CancellationToken ct) => invitations.Accept(request, postId, ct);

    [Function("DeclineCollabInvitation")]
    public Task<IResult> Decline([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/collab-invitations/{postId}")]
        HttpRequest request, string postId, CancellationToken ct) => invitations.Decline(request, postId, ct);
}
