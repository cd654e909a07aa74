using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Profiles;

namespace Fowergram.Features.Messages;

/// <summary>Direct messages: one-to-one and group threads, requests, read marks, shares (docs/messages.md).</summary>
public static class MessagesModule
{
    public static IServiceCollection AddMessages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MessagesOptions>(configuration, MessagesOptions.Section);
        services.AddSingleton<ConversationsApi>();
        services.AddSingleton<ParticipantsApi>();
        services.AddSingleton<GroupAdminsApi>();
        services.AddSingleton<ConversationPinsApi>();
        services.AddSingleton<VanishModeApi>();
        services.AddSingleton<MessagesApi>();
        services.AddSingleton<MessageSearchApi>();
        services.AddSingleton<MessageReactionsApi>();
        services.AddSingleton<MessageViews>();
        services.AddSingleton<VanishingRule>();
        services.AddSingleton<Notifications.Push.PushQueue, MessagePushQueue>();
        services.AddSingleton<ActivityStatusApi>();
        services.AddSingleton<ReadReceiptsApi>();
        services.AddSingleton<NoteRepliesApi>();
        services.AddSingleton<StoryRepliesApi>();
        services.AddSingleton<MessagesPurgeStep>();
        services.AddSingleton<SharesPurgeStep>();
        services.AddSingleton<GroupsPurgeStep>();
        services.AddSingleton<ThreadPlacesPurgeStep>();
        services.AddSingleton<IAccountPurgeStep, ThreadsPurgeStep>();
        services.AddSingleton<ITakedown, MessageTakedown>();
        services.AddSingleton<IReinstatement, MessageReinstatement>();
        services.AddSingleton<IScheduledJob, MessageVanishJob>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (MessagesFunctions).</summary>
    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/conversations", (HttpRequest r, ConversationsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateConversationRequest>("userIds").Returns<ConversationView>(200, 201);
        app.MapGet("/api/v1/conversations", (HttpRequest r, ConversationsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Query("folder", "inbox (the default), requests, hidden (requests hidden by the caller's hidden words or limits) or archived.").Returns<Page<ConversationView>>();
        app.MapGet("/api/v1/conversations/unread", (HttpRequest r, ConversationsApi api, CancellationToken ct) => api.Unread(r, ct))
            .Returns<UnreadView>();
        app.MapGet("/api/v1/conversations/" + RouteParameters.ConversationId, (HttpRequest r, string id, ConversationsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ConversationView>();
        app.MapPatch("/api/v1/conversations/{id}", (HttpRequest r, string id, ConversationsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("name:string", "isMuted:boolean", "isArchived:boolean").Returns<ConversationView>();
        app.MapPut("/api/v1/conversations/{id}/pin", (HttpRequest r, string id, ConversationPinsApi api, CancellationToken ct) => api.Pin(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/conversations/{id}/pin", (HttpRequest r, string id, ConversationPinsApi api, CancellationToken ct) => api.Unpin(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/conversations/{id}/vanish-mode", (HttpRequest r, string id, VanishModeApi api, CancellationToken ct) => api.TurnOn(r, id, ct))
            .NoContent().CanForbid();
        app.MapDelete("/api/v1/conversations/{id}/vanish-mode", (HttpRequest r, string id, VanishModeApi api, CancellationToken ct) => api.TurnOff(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/conversations/{id}/accept", (HttpRequest r, string id, ParticipantsApi api, CancellationToken ct) => api.Accept(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/conversations/{id}/read", (HttpRequest r, string id, ParticipantsApi api, CancellationToken ct) => api.MarkRead(r, id, ct))
            .Body<MarkReadRequest>().NoContent();
        app.MapPost("/api/v1/conversations/{id}/participants", (HttpRequest r, string id, ParticipantsApi api, CancellationToken ct) => api.Add(r, id, ct))
            .Body<AddParticipantsRequest>("userIds").Returns<ConversationView>();
        app.MapDelete("/api/v1/conversations/{id}/participants/{userId}",
            (HttpRequest r, string id, string userId, ParticipantsApi api, CancellationToken ct) => api.Remove(r, id, userId, ct)).NoContent().CanForbid();
        app.MapPut("/api/v1/conversations/{id}/admins/{userId}",
            (HttpRequest r, string id, string userId, GroupAdminsApi api, CancellationToken ct) => api.Grant(r, id, userId, ct)).NoContent().CanForbid();
        app.MapDelete("/api/v1/conversations/{id}/admins/{userId}",
            (HttpRequest r, string id, string userId, GroupAdminsApi api, CancellationToken ct) => api.Revoke(r, id, userId, ct)).NoContent().CanForbid();
        app.MapGet("/api/v1/conversations/{id}/messages", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<MessageView>>();
        app.MapGet("/api/v1/conversations/{id}/messages/search", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.Search(r, id, ct))
            .Paged().Query("q", $"Words to find in the thread's messages, {MessagesApi.SearchTermMin} to {MessagesApi.SearchTermMax} characters, any case.",
                required: true).Returns<Page<MessageView>>();
        // Not /messages/search: the Functions host does not prefer literal segments to parameters (it tries routes in an
        // order of its own), so GET /messages/{id} could answer it. No other template matches this path.
        app.MapGet("/api/v1/conversations/messages/search", (HttpRequest r, MessageSearchApi api, CancellationToken ct) => api.Everywhere(r, ct))
            .Paged().Query("q", $"Words to find in the messages of all the caller's chats, {MessagesApi.SearchTermMin} to {MessagesApi.SearchTermMax} characters, any case.",
                required: true).Returns<Page<MessageSearchHit>>();
        app.MapPost("/api/v1/conversations/{id}/messages", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.Send(r, id, ct))
            .Body<SendMessageRequest>().Returns<MessageView>(201).CanForbid();
        app.MapGet("/api/v1/messages/{id}", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<MessageView>();
        app.MapPatch("/api/v1/messages/{id}", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.Edit(r, id, ct))
            .Body<EditMessageRequest>("text").Returns<MessageView>().CanForbid();
        app.MapPut("/api/v1/messages/{id}/reaction", (HttpRequest r, string id, MessageReactionsApi api, CancellationToken ct) => api.React(r, id, ct))
            .Body<ReactRequest>("emoji").Returns<MessageView>().CanForbid();
        app.MapDelete("/api/v1/messages/{id}/reaction", (HttpRequest r, string id, MessageReactionsApi api, CancellationToken ct) => api.Unreact(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/messages/{id}", (HttpRequest r, string id, MessagesApi api, CancellationToken ct) => api.Unsend(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/notes/{id}/replies", (HttpRequest r, string id, NoteRepliesApi api, CancellationToken ct) => api.Reply(r, id, ct))
            .Body<ReplyRequest>("text").Returns<MessageView>(201).CanForbid();
        app.MapPost("/api/v1/stories/{id}/replies", (HttpRequest r, string id, StoryRepliesApi api, CancellationToken ct) => api.Reply(r, id, ct))
            .Body<ReplyRequest>("text").Returns<MessageView>(201).CanForbid();
        app.MapGet("/api/v1/users/me/read-receipts", (HttpRequest r, ReadReceiptsApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<ReadReceiptsView>();
        app.MapPut("/api/v1/users/me/read-receipts", (HttpRequest r, ReadReceiptsApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<SwitchRequest>("visible").Returns<ReadReceiptsView>();
        app.MapGet("/api/v1/users/me/activity-status", (HttpRequest r, ActivityStatusApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<ActivityStatusView>();
        app.MapPut("/api/v1/users/me/activity-status", (HttpRequest r, ActivityStatusApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<SwitchRequest>("visible").Returns<ActivityStatusView>();
        return app;
    }
}
