using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The direct-message routes of <see cref="MessagesModule.MapMessages"/>.</summary>
public sealed class MessagesFunctions(ConversationsApi conversations, ParticipantsApi participants, MessagesApi messages,
    MessageReactionsApi reactions, ConversationPinsApi pins, MessageSearchApi search)
{
    [Function("CreateConversation")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations")] HttpRequest request,
        CancellationToken ct) => conversations.Create(request, ct);

    [Function("ListConversations")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations")] HttpRequest request,
        CancellationToken ct) => conversations.List(request, ct);

    [Function("GetUnreadConversations")]
    public Task<IResult> Unread([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/unread")] HttpRequest request,
        CancellationToken ct) => conversations.Unread(request, ct);

    [Function("GetConversation")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/" + RouteParameters.ConversationId)] HttpRequest request,
        string id, CancellationToken ct) => conversations.Get(request, id, ct);

    [Function("UpdateConversation")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/conversations/{id}")] HttpRequest request,
        string id, CancellationToken ct) => conversations.Patch(request, id, ct);

    [Function("PinConversation")]
    public Task<IResult> Pin([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/conversations/{id}/pin")] HttpRequest request,
        string id, CancellationToken ct) => pins.Pin(request, id, ct);

    [Function("UnpinConversation")]
    public Task<IResult> Unpin([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/conversations/{id}/pin")] HttpRequest request,
        string id, CancellationToken ct) => pins.Unpin(request, id, ct);

    [Function("AcceptConversation")]
    public Task<IResult> Accept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations/{id}/accept")] HttpRequest request,
        string id, CancellationToken ct) => participants.Accept(request, id, ct);

    [Function("MarkConversationRead")]
    public Task<IResult> MarkRead([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/conversations/{id}/read")] HttpRequest request,
        string id, CancellationToken ct) => participants.MarkRead(request, id, ct);

    [Function("AddConversationParticipants")]
    public Task<IResult> AddParticipants(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations/{id}/participants")] HttpRequest request,
        string id, CancellationToken ct) => participants.Add(request, id, ct);

    [Function("RemoveConversationParticipant")]
    public Task<IResult> RemoveParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/conversations/{id}/participants/{userId}")] HttpRequest request,
        string id, string userId, CancellationToken ct) => participants.Remove(request, id, userId, ct);

    [Function("ListMessages")]
    public Task<IResult> ListMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/{id}/messages")] HttpRequest request,
        string id, CancellationToken ct) => messages.List(request, id, ct);

    [Function("SearchAllMessages")]
    public Task<IResult> SearchAllMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/messages/search")] HttpRequest request,
        CancellationToken ct) => search.Everywhere(request, ct);

    [Function("SearchMessages")]
    public Task<IResult> SearchMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/{id}/messages/search")] HttpRequest request,
        string id, CancellationToken ct) => messages.Search(request, id, ct);

    [Function("SendMessage")]
    public Task<IResult> Send([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations/{id}/messages")] HttpRequest request,
        string id, CancellationToken ct) => messages.Send(request, id, ct);

    [Function("GetMessage")]
    public Task<IResult> GetMessage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/messages/{id}")] HttpRequest request,
        string id, CancellationToken ct) => messages.Get(request, id, ct);

    [Function("EditMessage")]
    public Task<IResult> Edit([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/messages/{id}")] HttpRequest request,
        string id, CancellationToken ct) => messages.Edit(request, id, ct);

    [Function("ReactToMessage")]
    public Task<IResult> React([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/messages/{id}/reaction")] HttpRequest request,
        string id, CancellationToken ct) => reactions.React(request, id, ct);

    [Function("RemoveMessageReaction")]
    public Task<IResult> Unreact([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/messages/{id}/reaction")] HttpRequest request,
        string id, CancellationToken ct) => reactions.Unreact(request, id, ct);

    [Function("UnsendMessage")]
    public Task<IResult> Unsend([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/messages/{id}")] HttpRequest request,
        string id, CancellationToken ct) => messages.Unsend(request, id, ct);
}

/// <summary>A group's admins, of <see cref="MessagesModule"/>.</summary>
public sealed class GroupAdminFunctions(GroupAdminsApi admins)
{
    [Function("MakeConversationAdmin")]
    public Task<IResult> Grant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/conversations/{id}/admins/{userId}")] HttpRequest request,
        string id, string userId, CancellationToken ct) => admins.Grant(request, id, userId, ct);

    [Function("RemoveConversationAdmin")]
    public Task<IResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/conversations/{id}/admins/{userId}")] HttpRequest request,
        string id, string userId, CancellationToken ct) => admins.Revoke(request, id, userId, ct);
}

/// <summary>Vanish mode of <see cref="MessagesModule.MapMessages"/>; the message-vanish timer is in ScheduledJobFunctions.</summary>
public sealed class VanishModeFunctions(VanishModeApi vanishMode)
{
    [Function("TurnOnVanishMode")]
    public Task<IResult> TurnOn([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/conversations/{id}/vanish-mode")] HttpRequest request,
        string id, CancellationToken ct) => vanishMode.TurnOn(request, id, ct);

    [Function("TurnOffVanishMode")]
    public Task<IResult> TurnOff([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/conversations/{id}/vanish-mode")] HttpRequest request,
        string id, CancellationToken ct) => vanishMode.TurnOff(request, id, ct);
}
