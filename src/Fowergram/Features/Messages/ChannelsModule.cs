using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Messages;

/// <summary>Broadcast channels: one-to-many chats of an owner and co-hosts, read by members (docs/messages.md "Broadcast channels").</summary>
public static class ChannelsModule
{
    public static IServiceCollection AddChannels(this IServiceCollection services)
    {
        services.AddSingleton<Notifications.Push.PushQueue, ChannelPushQueue>();
        services.AddSingleton<ChannelsApi>();
        services.AddSingleton<ChannelMembersApi>();
        services.AddSingleton<ChannelHostsApi>();
        services.AddSingleton<ChannelMessagesApi>();
        services.AddSingleton<ChannelMessageViews>();
        services.AddSingleton<ChannelMessageEditsApi>();
        services.AddSingleton<ChannelPinsApi>();
        services.AddSingleton<ChannelRemovalsApi>();
        services.AddSingleton<ScheduledChannelMessages>();
        services.AddSingleton<ScheduledChannelMessagesApi>();
        services.AddSingleton<ScheduledChannelMessageEditsApi>();
        services.AddSingleton<IScheduledJob, ScheduledChannelMessagesJob>();
        services.AddSingleton<IEventConsumer, ChannelNotificationsConsumer>();
        services.AddSingleton<IAccountPurgeStep, ChannelsPurgeStep>();
        services.AddSingleton<ITakedown, ChannelTakedown>();
        services.AddSingleton<IReinstatement, ChannelMessageReinstatement>();
        services.AddSingleton<IReinstatement, ChannelReinstatement>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (ChannelsFunctions).</summary>
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/channels", (HttpRequest r, ChannelsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateChannelRequest>("name").Returns<ChannelView>(201);
        app.MapGet("/api/v1/channels/suggested", (HttpRequest r, ChannelsApi api, CancellationToken ct) => api.Suggested(r, ct))
            .Limited().Returns<ItemsResponse<ChannelView>>();
        app.MapGet("/api/v1/channels/trending", (HttpRequest r, ChannelsApi api, CancellationToken ct) => api.Trending(r, ct))
            .Limited().Returns<ItemsResponse<ChannelView>>();
        app.MapGet("/api/v1/channels/" + RouteParameters.ChannelId, (HttpRequest r, string id, ChannelsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ChannelView>();
        app.MapPatch("/api/v1/channels/{id}", (HttpRequest r, string id, ChannelsApi api, CancellationToken ct) => api.Edit(r, id, ct))
            .Patch("name:string", "description:string").Returns<ChannelView>();
        app.MapPost("/api/v1/channels/{id}/end", (HttpRequest r, string id, ChannelsApi api, CancellationToken ct) => api.End(r, id, ct))
            .Returns<ChannelView>();
        app.MapPost("/api/v1/channels/{id}/join", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.Join(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/channels/{id}/leave", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.Leave(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/channels/{id}/mute", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.Mute(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/channels/{id}/mute", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.Unmute(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/channels/{id}/read", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.MarkRead(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/channels/{id}/members", (HttpRequest r, string id, ChannelMembersApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<UserListItem>>().CanForbid();
        app.MapDelete("/api/v1/channels/{id}/members/{username}",
            (HttpRequest r, string id, string username, ChannelMembersApi api, CancellationToken ct) => api.Remove(r, id, username, ct)).NoContent();
        app.MapGet("/api/v1/channels/{id}/removed-members", (HttpRequest r, string id, ChannelRemovalsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<UserListItem>>().CanForbid();
        app.MapDelete("/api/v1/channels/{id}/removed-members/{username}",
            (HttpRequest r, string id, string username, ChannelRemovalsApi api, CancellationToken ct) => api.Restore(r, id, username, ct)).NoContent();
        app.MapPut("/api/v1/channels/{id}/cohosts/{username}",
            (HttpRequest r, string id, string username, ChannelHostsApi api, CancellationToken ct) => api.Invite(r, id, username, ct)).NoContent();
        app.MapDelete("/api/v1/channels/{id}/cohosts/{username}",
            (HttpRequest r, string id, string username, ChannelHostsApi api, CancellationToken ct) => api.Withdraw(r, id, username, ct)).NoContent();
        app.MapPost("/api/v1/channels/{id}/cohost/accept", (HttpRequest r, string id, ChannelHostsApi api, CancellationToken ct) => api.Accept(r, id, ct))
            .Returns<ChannelView>();
        app.MapPost("/api/v1/channels/{id}/cohost/decline", (HttpRequest r, string id, ChannelHostsApi api, CancellationToken ct) => api.Decline(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/channels/{id}/messages", (HttpRequest r, string id, ChannelMessagesApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<ChannelMessageView>>().CanForbid();
        app.MapPost("/api/v1/channels/{id}/messages", (HttpRequest r, string id, ChannelMessagesApi api, CancellationToken ct) => api.Post(r, id, ct))
            .Body<PostChannelMessageRequest>().Returns<ChannelMessageView>(201).CanForbid();
        app.MapDelete("/api/v1/channels/{id}/messages/{messageId}",
            (HttpRequest r, string id, string messageId, ChannelMessagesApi api, CancellationToken ct) => api.Delete(r, id, messageId, ct)).NoContent();
        app.MapPatch("/api/v1/channels/{id}/messages/{messageId}",
            (HttpRequest r, string id, string messageId, ChannelMessageEditsApi api, CancellationToken ct) => api.Edit(r, id, messageId, ct))
            .Body<EditMessageRequest>("text").Returns<ChannelMessageView>();
        app.MapPut("/api/v1/channels/{id}/messages/{messageId}/pin",
            (HttpRequest r, string id, string messageId, ChannelPinsApi api, CancellationToken ct) => api.Pin(r, id, messageId, ct)).NoContent().CanForbid();
        app.MapDelete("/api/v1/channels/{id}/messages/{messageId}/pin",
            (HttpRequest r, string id, string messageId, ChannelPinsApi api, CancellationToken ct) => api.Unpin(r, id, messageId, ct)).NoContent().CanForbid();
        app.MapGet("/api/v1/channels/{id}/pins", (HttpRequest r, string id, ChannelPinsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Returns<ItemsResponse<ChannelMessageView>>().CanForbid();
        app.MapPut("/api/v1/channels/{id}/messages/{messageId}/vote",
            (HttpRequest r, string id, string messageId, ChannelMessagesApi api, CancellationToken ct) => api.Vote(r, id, messageId, ct))
            .Body<ChannelVoteRequest>("option").Returns<ChannelMessageView>();
        app.MapPut("/api/v1/channels/{id}/messages/{messageId}/reaction",
            (HttpRequest r, string id, string messageId, ChannelMessagesApi api, CancellationToken ct) => api.React(r, id, messageId, ct))
            .Body<ReactRequest>("emoji").Returns<ChannelMessageView>();
        app.MapDelete("/api/v1/channels/{id}/messages/{messageId}/reaction",
            (HttpRequest r, string id, string messageId, ChannelMessagesApi api, CancellationToken ct) => api.Unreact(r, id, messageId, ct)).NoContent();
        app.MapPost("/api/v1/channels/{id}/scheduled-messages",
            (HttpRequest r, string id, ScheduledChannelMessagesApi api, CancellationToken ct) => api.Create(r, id, ct))
            .Body<ScheduleChannelMessageRequest>("publishAt").Returns<ScheduledChannelMessageView>(201).CanForbid();
        app.MapGet("/api/v1/channels/{id}/scheduled-messages",
            (HttpRequest r, string id, ScheduledChannelMessagesApi api, CancellationToken ct) => api.List(r, id, ct))
            .Returns<ItemsResponse<ScheduledChannelMessageView>>().CanForbid();
        app.MapDelete("/api/v1/channels/{id}/scheduled-messages/{scheduledId}",
            (HttpRequest r, string id, string scheduledId, ScheduledChannelMessagesApi api, CancellationToken ct) => api.Delete(r, id, scheduledId, ct))
            .NoContent();
        app.MapPatch("/api/v1/channels/{id}/scheduled-messages/{scheduledId}",
            (HttpRequest r, string id, string scheduledId, ScheduledChannelMessageEditsApi api, CancellationToken ct) => api.Edit(r, id, scheduledId, ct))
            .Patch("text:string", "publishAt:string").Returns<ScheduledChannelMessageView>();
        app.MapPost("/api/v1/channels/{id}/scheduled-messages/{scheduledId}/publish",
            (HttpRequest r, string id, string scheduledId, ScheduledChannelMessagesApi api, CancellationToken ct) => api.Publish(r, id, scheduledId, ct))
            .Returns<ChannelMessageView>(201);
        app.MapGet("/api/v1/users/" + RouteParameters.Username + "/channels",
            (HttpRequest r, string username, ChannelsApi api, CancellationToken ct) => api.OfUser(r, username, ct))
            .Paged().Returns<Page<ChannelView>>();
        app.MapGet("/api/v1/users/me/channels", (HttpRequest r, ChannelsApi api, CancellationToken ct) => api.Mine(r, ct))
            .Paged().Returns<Page<ChannelView>>();
        app.MapGet("/api/v1/users/me/channel-invitations", (HttpRequest r, ChannelsApi api, CancellationToken ct) => api.Invitations(r, ct))
            .Paged().Returns<Page<ChannelView>>();
        return app;
    }
}
