using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The live guest routes of <see cref="LiveModule.MapLive"/> (docs/live.md "Guests").</summary>
public sealed class LiveGuestFunctions(LiveGuestsApi guests)
{
    [Function("InviteLiveGuest")]
    public Task<IResult> Invite([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/guests/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => guests.Invite(request, id, username, ct);

    [Function("WithdrawLiveGuest")]
    public Task<IResult> Withdraw([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/guests/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => guests.Withdraw(request, id, username, ct);

    [Function("ListLiveGuests")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/{id}/guests")] HttpRequest request,
        string id, CancellationToken ct) => guests.List(request, id, ct);

    [Function("AcceptLiveInvitation")]
    public Task<IResult> Accept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/guest/accept")] HttpRequest request,
        string id, CancellationToken ct) => guests.Accept(request, id, ct);

    [Function("DeclineLiveInvitation")]
    public Task<IResult> Decline([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/guest/decline")] HttpRequest request,
        string id, CancellationToken ct) => guests.Decline(request, id, ct);

    [Function("LeaveLiveAsGuest")]
    public Task<IResult> Leave([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/guest/leave")] HttpRequest request,
        string id, CancellationToken ct) => guests.Leave(request, id, ct);

    [Function("ListMyLiveInvitations")]
    public Task<IResult> Invitations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/live-invitations")] HttpRequest request,
        CancellationToken ct) => guests.Invitations(request, ct);
}
