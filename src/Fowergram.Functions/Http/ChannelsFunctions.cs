using Fowergram.Features.Messages;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The broadcast channel routes of <see cref="ChannelsModule.MapChannels"/> (docs/messages.md "Broadcast channels").</summary>
public sealed class ChannelsFunctions(ChannelsApi channels, ChannelMembersApi members, ChannelHostsApi hosts, ChannelMessagesApi messages)
{
    [Function("CreateChannel")]
    public Task<IResult> CreateChannel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels")] HttpRequest request,
        CancellationToken ct) => channels.Create(request, ct);

    [Function("GetSuggestedChannels")]
    public Task<IResult> GetSuggestedChannels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/suggested")] HttpRequest request,
        CancellationToken ct) => channels.Suggested(request, ct);

    [Function("GetTrendingChannels")]
    public Task<IResult> GetTrendingChannels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/trending")] HttpRequest request,
        CancellationToken ct) => channels.Trending(request, ct);

    [Function("GetChannel")]
    public Task<IResult> GetChannel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/" + RouteParameters.ChannelId)] HttpRequest request,
        string id, CancellationToken ct) => channels.Get(request, id, ct);

    [Function("EditChannel")]
    public Task<IResult> EditChannel([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/channels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => channels.Edit(request, id, ct);

    [Function("EndChannel")]
    public Task<IResult> EndChannel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/end")] HttpRequest request,
        string id, CancellationToken ct) => channels.End(request, id, ct);

    [Function("JoinChannel")]
    public Task<IResult> JoinChannel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/join")] HttpRequest request,
        string id, CancellationToken ct) => members.Join(request, id, ct);

    [Function("LeaveChannel")]
    public Task<IResult> LeaveChannel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/leave")] HttpRequest request,
        string id, CancellationToken ct) => members.Leave(request, id, ct);

    [Function("MuteChannel")]
    public Task<IResult> MuteChannel([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/channels/{id}/mute")] HttpRequest request,
        string id, CancellationToken ct) => members.Mute(request, id, ct);

    [Function("UnmuteChannel")]
    public Task<IResult> UnmuteChannel([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/mute")] HttpRequest request,
        string id, CancellationToken ct) => members.Unmute(request, id, ct);

    [Function("MarkChannelRead")]
    public Task<IResult> MarkChannelRead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/read")] HttpRequest request,
        string id, CancellationToken ct) => members.MarkRead(request, id, ct);

    [Function("ListChannelMembers")]
    public Task<IResult> ListChannelMembers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/{id}/members")] HttpRequest request,
        string id, CancellationToken ct) => members.List(request, id, ct);

    [Function("RemoveChannelMember")]
    public Task<IResult> RemoveChannelMember([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/members/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => members.Remove(request, id, username, ct);

    [Function("InviteChannelCohost")]
    public Task<IResult> InviteChannelCohost([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/channels/{id}/cohosts/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => hosts.Invite(request, id, username, ct);

    [Function("WithdrawChannelCohost")]
    public Task<IResult> WithdrawChannelCohost([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/cohosts/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => hosts.Withdraw(request, id, username, ct);

    [Function("AcceptChannelCohost")]
    public Task<IResult> AcceptChannelCohost([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/cohost/accept")] HttpRequest request,
        string id, CancellationToken ct) => hosts.Accept(request, id, ct);

    [Function("DeclineChannelCohost")]
    public Task<IResult> DeclineChannelCohost([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/cohost/decline")] HttpRequest request,
        string id, CancellationToken ct) => hosts.Decline(request, id, ct);

    [Function("ListChannelMessages")]
    public Task<IResult> ListChannelMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/{id}/messages")] HttpRequest request,
        string id, CancellationToken ct) => messages.List(request, id, ct);

    [Function("PostChannelMessage")]
    public Task<IResult> PostChannelMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/messages")] HttpRequest request,
        string id, CancellationToken ct) => messages.Post(request, id, ct);

    [Function("DeleteChannelMessage")]
    public Task<IResult> DeleteChannelMessage([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/messages/{messageId}")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => messages.Delete(request, id, messageId, ct);

    [Function("VoteInChannelPoll")]
    public Task<IResult> VoteInChannelPoll([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/channels/{id}/messages/{messageId}/vote")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => messages.Vote(request, id, messageId, ct);

    [Function("ReactToChannelMessage")]
    public Task<IResult> ReactToChannelMessage([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/channels/{id}/messages/{messageId}/reaction")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => messages.React(request, id, messageId, ct);

    [Function("UnreactToChannelMessage")]
    public Task<IResult> UnreactToChannelMessage([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/messages/{messageId}/reaction")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => messages.Unreact(request, id, messageId, ct);

    [Function("ListUserChannels")]
    public Task<IResult> ListUserChannels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/" + RouteParameters.Username + "/channels")] HttpRequest request,
        string username, CancellationToken ct) => channels.OfUser(request, username, ct);

    [Function("ListMyChannels")]
    public Task<IResult> ListMyChannels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/channels")] HttpRequest request,
        CancellationToken ct) => channels.Mine(request, ct);

    [Function("ListMyChannelInvitations")]
    public Task<IResult> ListMyChannelInvitations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/channel-invitations")] HttpRequest request,
        CancellationToken ct) => channels.Invitations(request, ct);
}
