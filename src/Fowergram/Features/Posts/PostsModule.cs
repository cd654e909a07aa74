using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Profiles;

namespace Fowergram.Features.Posts;

/// <summary>Posts, likes, grids and likers; the engagement counters, notifications and the two jobs (docs/posts.md).</summary>
public static class PostsModule
{
    public static IServiceCollection AddPosts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PostsOptions>(configuration, PostsOptions.Section);
        services.TryAddSingleton<PostAccess>();
        services.AddSingleton<IAccountPurgeStep, PostsPurgeStep>();
        services.TryAddSingleton<PostCards>();
        services.AddSingleton<PostReader>();
        services.AddSingleton<PostWriter>();
        services.AddSingleton<ScheduledPosts>();
        services.AddSingleton<ScheduledPostsApi>();
        services.AddSingleton<IScheduledJob, ScheduledPostsJob>();
        services.AddSingleton<PostsApi>();
        services.AddSingleton<PostEditApi>();
        services.AddSingleton<PinsApi>();
        services.AddSingleton<PostTagsApi>();
        services.AddSingleton<PostCollaboratorsApi>();
        services.AddSingleton<CollabInvitationsApi>();
        services.AddSingleton<PostMediaApi>();
        services.AddSingleton<DeletedCarouselItemsApi>();
        services.AddSingleton<LikeCountsApi>();
        services.AddSingleton<PostListsApi>();
        services.AddSingleton<PostsRecentlyDeletedApi>();
        services.AddSingleton<LikesApi>();
        services.AddSingleton<RepostsApi>();
        services.AddSingleton<IEventConsumer, PostCountersConsumer>();
        services.AddSingleton<IEventConsumer, PostNotificationsConsumer>();
        services.AddSingleton<CounterReconciliationJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<CounterReconciliationJob>());
        services.AddSingleton<PostMediaCleanupJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<PostMediaCleanupJob>());
        services.AddSingleton<ITakedown, PostTakedown>();
        services.AddSingleton<IReinstatement, PostReinstatement>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (PostsFunctions).</summary>
    public static IEndpointRouteBuilder MapPosts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/posts", (HttpRequest r, PostsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreatePostRequest>("media").Returns<PostView>(201).CanForbid();
        app.MapGet("/api/v1/posts/{id}", (HttpRequest r, string id, PostsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Returns<PostView>();
        app.MapPost("/api/v1/users/me/scheduled-posts", (HttpRequest r, ScheduledPostsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<SchedulePostRequest>("publishAt", "media").Returns<ScheduledPostView>(201).CanForbid();
        app.MapGet("/api/v1/users/me/scheduled-posts", (HttpRequest r, ScheduledPostsApi api, CancellationToken ct) => api.List(r, ct))
            .Returns<ScheduledPostList>();
        app.MapGet("/api/v1/users/me/scheduled-posts/{id}", (HttpRequest r, string id, ScheduledPostsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ScheduledPostView>();
        app.MapPatch("/api/v1/users/me/scheduled-posts/{id}", (HttpRequest r, string id, ScheduledPostsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("publishAt:string", "caption:string", "location:string", "commentsDisabled:boolean", "likesDisabled:boolean")
            .Returns<ScheduledPostView>();
        app.MapDelete("/api/v1/users/me/scheduled-posts/{id}", (HttpRequest r, string id, ScheduledPostsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/users/me/scheduled-posts/{id}/publish",
            (HttpRequest r, string id, ScheduledPostsApi api, CancellationToken ct) => api.Publish(r, id, ct)).Returns<PostView>(201).CanForbid();
        app.MapPatch("/api/v1/posts/{id}", (HttpRequest r, string id, PostEditApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("caption:string", "location:string", "commentsDisabled:boolean", "likesDisabled:boolean", "media:array").Returns<PostView>();
        app.MapDelete("/api/v1/posts/{id}", (HttpRequest r, string id, PostEditApi api, CancellationToken ct) => api.Delete(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/me/like-counts", (HttpRequest r, LikeCountsApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<LikeCountsView>();
        app.MapPut("/api/v1/users/me/like-counts", (HttpRequest r, LikeCountsApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<SwitchRequest>("visible").Returns<LikeCountsView>();
        app.MapDelete("/api/v1/posts/{id}/media/{mediaId}", (HttpRequest r, string id, string mediaId, PostMediaApi api, CancellationToken ct) =>
            api.Delete(r, id, mediaId, ct)).Returns<PostView>();
        app.MapPost("/api/v1/posts/{id}/media/{mediaId}/restore", (HttpRequest r, string id, string mediaId, DeletedCarouselItemsApi api,
            CancellationToken ct) => api.Restore(r, id, mediaId, ct)).Returns<PostView>();
        app.MapGet("/api/v1/users/me/carousel-items/deleted", (HttpRequest r, DeletedCarouselItemsApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<DeletedCarouselItem>>();
        app.MapDelete("/api/v1/users/me/carousel-items/deleted/{mediaId}", (HttpRequest r, string mediaId, DeletedCarouselItemsApi api,
            CancellationToken ct) => api.DeleteForGood(r, mediaId, ct)).NoContent();
        app.MapPut("/api/v1/posts/{id}/pin", (HttpRequest r, string id, PinsApi api, CancellationToken ct) => api.Pin(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/posts/{id}/pin", (HttpRequest r, string id, PinsApi api, CancellationToken ct) => api.Unpin(r, id, ct)).NoContent();
        app.MapPost("/api/v1/posts/{id}/archive", (HttpRequest r, string id, PostEditApi api, CancellationToken ct) => api.Archive(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/posts/{id}/unarchive", (HttpRequest r, string id, PostEditApi api, CancellationToken ct) => api.Unarchive(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/posts/{id}/like", (HttpRequest r, string id, LikesApi api, CancellationToken ct) => api.Like(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/posts/{id}/like", (HttpRequest r, string id, LikesApi api, CancellationToken ct) => api.Unlike(r, id, ct)).NoContent();
        app.MapGet("/api/v1/posts/{id}/likers", (HttpRequest r, string id, PostListsApi api, CancellationToken ct) => api.Likers(r, id, ct))
            .Guest().Paged().Returns<Page<UserSummary>>();
        app.MapGet("/api/v1/users/{username}/posts", (HttpRequest r, string username, PostListsApi api, CancellationToken ct) => api.UserPosts(r, username, ct))
            .Guest().Paged().Returns<Page<PostCard>>();
        app.MapGet("/api/v1/users/{username}/tagged", (HttpRequest r, string username, PostListsApi api, CancellationToken ct) => api.Tagged(r, username, ct))
            .Guest().Paged().Returns<Page<PostCard>>();
        app.MapPut("/api/v1/posts/{id}/repost", (HttpRequest r, string id, RepostsApi api, CancellationToken ct) => api.Repost(r, id, ct)).NoContent().CanForbid();
        app.MapDelete("/api/v1/posts/{id}/repost", (HttpRequest r, string id, RepostsApi api, CancellationToken ct) => api.Undo(r, id, ct)).NoContent();
        app.MapGet("/api/v1/posts/{id}/reposts", (HttpRequest r, string id, RepostsApi api, CancellationToken ct) => api.Reposters(r, id, ct))
            .Guest().Paged().Returns<Page<UserSummary>>();
        app.MapGet("/api/v1/users/{username}/reposts", (HttpRequest r, string username, PostListsApi api, CancellationToken ct) => api.Reposts(r, username, ct))
            .Guest().Paged().Returns<Page<PostCard>>();
        app.MapGet("/api/v1/users/me/repost-permission", (HttpRequest r, RepostsApi api, CancellationToken ct) => api.GetSwitch(r, ct))
            .Returns<RepostPermissionView>();
        app.MapPut("/api/v1/users/me/repost-permission", (HttpRequest r, RepostsApi api, CancellationToken ct) => api.PutSwitch(r, ct))
            .Body<RepostPermissionRequest>("allowed").Returns<RepostPermissionView>();
        app.MapDelete("/api/v1/posts/{id}/tags/me", (HttpRequest r, string id, PostTagsApi api, CancellationToken ct) => api.RemoveMe(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/posts/{id}/collaborators", (HttpRequest r, string id, PostCollaboratorsApi api, CancellationToken ct) => api.Invite(r, id, ct))
            .Body<InviteCollaboratorRequest>("username").NoContent().CanForbid();
        app.MapGet("/api/v1/posts/{id}/collaborators", (HttpRequest r, string id, PostCollaboratorsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Returns<Fowergram.Features.Social.ItemsResponse<CollaboratorView>>();
        app.MapDelete("/api/v1/posts/{id}/collaborators/{username}",
            (HttpRequest r, string id, string username, PostCollaboratorsApi api, CancellationToken ct) => api.Remove(r, id, username, ct)).NoContent();
        app.MapGet("/api/v1/users/me/collab-invitations", (HttpRequest r, CollabInvitationsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<CollabInvitation>>();
        app.MapPost("/api/v1/users/me/collab-invitations/{postId}/accept",
            (HttpRequest r, string postId, CollabInvitationsApi api, CancellationToken ct) => api.Accept(r, postId, ct)).Returns<PostView>();
        app.MapDelete("/api/v1/users/me/collab-invitations/{postId}",
            (HttpRequest r, string postId, CollabInvitationsApi api, CancellationToken ct) => api.Decline(r, postId, ct)).NoContent();
        app.MapGet("/api/v1/users/me/posts/archived", (HttpRequest r, PostListsApi api, CancellationToken ct) => api.Archived(r, ct))
            .Paged().Returns<Page<PostCard>>();
        app.MapGet("/api/v1/users/me/posts/deleted", (HttpRequest r, PostsRecentlyDeletedApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<DeletedPost>>();
        app.MapDelete("/api/v1/users/me/posts/deleted/{id}", (HttpRequest r, string id, PostsRecentlyDeletedApi api, CancellationToken ct) =>
            api.DeleteForGood(r, id, ct)).NoContent();
        app.MapPost("/api/v1/posts/{id}/restore", (HttpRequest r, string id, PostsRecentlyDeletedApi api, CancellationToken ct) => api.Restore(r, id, ct))
            .Returns<PostView>();
        return app;
    }
}
