using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Options;

namespace Fowergram.Features.Reels;

/// <summary>Reels: create from a video upload (or as a remix, or scheduled for later), read, edit, delete, likes, comments, plays, remixes, followed accounts' reels, recommended reels, trending, reels of a sound (docs/reels.md).</summary>
public static class ReelsModule
{
    public static IServiceCollection AddReels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReelsOptions>(configuration, ReelsOptions.Section);
        services.AddSingleton<ReelsRecentlyDeletedApi>();
        services.AddSingleton<ReelReader>();
        services.AddSingleton<ReelWriter>();
        services.AddSingleton<ReelsApi>();
        services.AddSingleton<ScheduledReels>();
        services.AddSingleton<ScheduledReelsApi>();
        services.AddSingleton<IScheduledJob, ScheduledReelsJob>();
        services.AddSingleton<TrialReelsApi>();
        services.AddSingleton<IScheduledJob, TrialReelsJob>();
        services.AddSingleton<IAccountPurgeStep, ReelsPurgeStep>();
        services.AddSingleton<IScheduledJob, ReelHashtagsBackfillJob>();
        services.AddSingleton<ReelLikesApi>();
        services.AddSingleton<ReelRepostsApi>();
        services.AddSingleton<ReelSavesApi>();
        services.AddSingleton<SavedAudioApi>();
        services.AddSingleton<ReelCoversApi>();
        services.AddSingleton<ReelViewsApi>();
        services.AddSingleton<ReelCommentsApi>();
        services.AddSingleton<ReelListsApi>();
        services.AddSingleton<ReelRecommendationsApi>();
        services.AddSingleton<IScheduledJob, ReelRecommendationsJob>();
        services.AddSingleton<ReelRemixesApi>();
        services.AddSingleton<IEventConsumer, ReelCountersConsumer>();
        services.AddSingleton<IEventConsumer, ReelNotificationsConsumer>();
        services.AddSingleton<ITakedown, ReelTakedown>();
        services.AddSingleton<IReinstatement, ReelReinstatement>();
        services.AddSingleton<ITakedown>(sp => sp.GetRequiredService<ReelCommentsApi>());
        services.AddSingleton<IReinstatement>(sp => sp.GetRequiredService<ReelCommentsApi>());
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (ReelsFunctions).</summary>
    public static IEndpointRouteBuilder MapReels(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/reels", (HttpRequest r, ReelsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateReelRequest>("durationSeconds", "uploadId").Returns<ReelView>(201).CanForbid();
        // Scheduled reels (docs/reels.md "Scheduled reels"): the owner's only; anyone else's id is a 404.
        app.MapPost("/api/v1/users/me/scheduled-reels", (HttpRequest r, ScheduledReelsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<ScheduleReelRequest>("publishAt", "durationSeconds", "uploadId").Returns<ScheduledReelView>(201).CanForbid();
        app.MapGet("/api/v1/users/me/scheduled-reels", (HttpRequest r, ScheduledReelsApi api, CancellationToken ct) => api.List(r, ct))
            .Returns<ScheduledReelList>();
        app.MapGet("/api/v1/users/me/scheduled-reels/{id}", (HttpRequest r, string id, ScheduledReelsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ScheduledReelView>();
        app.MapPatch("/api/v1/users/me/scheduled-reels/{id}", (HttpRequest r, string id, ScheduledReelsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("publishAt:string", "caption:string", "location:string", "commentsDisabled:boolean", "likesDisabled:boolean", "allowRemix:boolean")
            .Returns<ScheduledReelView>();
        app.MapDelete("/api/v1/users/me/scheduled-reels/{id}", (HttpRequest r, string id, ScheduledReelsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/users/me/scheduled-reels/{id}/publish",
            (HttpRequest r, string id, ScheduledReelsApi api, CancellationToken ct) => api.Publish(r, id, ct)).Returns<ReelView>(201).CanForbid();
        // Trial reels (docs/reels.md "Trial reels"): the author's list, and sharing a running trial with the followers.
        app.MapGet("/api/v1/users/me/reels/trials", (HttpRequest r, TrialReelsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<TrialReelItem>>();
        app.MapPost("/api/v1/reels/{id}/trial/share", (HttpRequest r, string id, TrialReelsApi api, CancellationToken ct) => api.Share(r, id, ct))
            .Returns<ReelView>();
        app.MapGet("/api/v1/reels/trending", (HttpRequest r, ReelListsApi api, CancellationToken ct) => api.Trending(r, ct))
            .Guest().Limited().Returns<TrendingReels>();
        app.MapGet("/api/v1/reels/recommended", (HttpRequest r, ReelRecommendationsApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/reels/following", (HttpRequest r, ReelListsApi api, CancellationToken ct) => api.Following(r, ct))
            .Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/reels/" + RouteParameters.ReelId, (HttpRequest r, string id, ReelsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Returns<ReelView>();
        app.MapPatch("/api/v1/reels/{id}", (HttpRequest r, string id, ReelsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("caption:string", "commentsDisabled:boolean", "likesDisabled:boolean", "allowRemix:boolean").Returns<ReelView>();
        app.MapDelete("/api/v1/reels/{id}", (HttpRequest r, string id, ReelsApi api, CancellationToken ct) => api.Delete(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/me/reels/deleted", (HttpRequest r, ReelsRecentlyDeletedApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<DeletedReel>>();
        app.MapDelete("/api/v1/users/me/reels/deleted/{id}", (HttpRequest r, string id, ReelsRecentlyDeletedApi api, CancellationToken ct) =>
            api.DeleteForGood(r, id, ct)).NoContent();
        app.MapPost("/api/v1/reels/{id}/restore", (HttpRequest r, string id, ReelsRecentlyDeletedApi api, CancellationToken ct) => api.Restore(r, id, ct))
            .Returns<ReelView>();
        app.MapPut("/api/v1/reels/{id}/like", (HttpRequest r, string id, ReelLikesApi api, CancellationToken ct) => api.Like(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/reels/{id}/like", (HttpRequest r, string id, ReelLikesApi api, CancellationToken ct) => api.Unlike(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/reels/{id}/cover", (HttpRequest r, string id, ReelCoversApi api, CancellationToken ct) => api.Set(r, id, ct))
            .Body<SetCoverRequest>("uploadId").Returns<ReelView>();
        app.MapDelete("/api/v1/reels/{id}/cover", (HttpRequest r, string id, ReelCoversApi api, CancellationToken ct) => api.Remove(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/reels/{id}/save", (HttpRequest r, string id, ReelSavesApi api, CancellationToken ct) => api.Save(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/reels/{id}/save", (HttpRequest r, string id, ReelSavesApi api, CancellationToken ct) => api.Unsave(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/saved/reels", (HttpRequest r, ReelSavesApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/hashtags/{name}/reels", (HttpRequest r, string name, ReelListsApi api, CancellationToken ct) => api.HashtagReels(r, name, ct))
            .Guest().Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/reels/{id}/likers", (HttpRequest r, string id, ReelLikesApi api, CancellationToken ct) => api.Likers(r, id, ct))
            .Guest().Paged().Returns<Page<UserSummary>>();
        // Reposts (docs/reels.md "Reposts"); the author's switch is the posts' /users/me/repost-permission.
        app.MapPut("/api/v1/reels/{id}/repost", (HttpRequest r, string id, ReelRepostsApi api, CancellationToken ct) => api.Repost(r, id, ct))
            .NoContent().CanForbid();
        app.MapDelete("/api/v1/reels/{id}/repost", (HttpRequest r, string id, ReelRepostsApi api, CancellationToken ct) => api.Undo(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/reels/{id}/reposts", (HttpRequest r, string id, ReelRepostsApi api, CancellationToken ct) => api.Reposters(r, id, ct))
            .Guest().Paged().Returns<Page<UserSummary>>();
        app.MapGet("/api/v1/users/{username}/reposts/reels",
            (HttpRequest r, string username, ReelListsApi api, CancellationToken ct) => api.Reposts(r, username, ct))
            .Guest().Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/reels/{id}/remixes", (HttpRequest r, string id, ReelRemixesApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Paged().Returns<Page<ReelView>>();
        app.MapGet("/api/v1/users/me/reel-remixes", (HttpRequest r, ReelRemixesApi api, CancellationToken ct) => api.GetSwitch(r, ct))
            .Returns<ReelRemixesView>();
        app.MapPut("/api/v1/users/me/reel-remixes", (HttpRequest r, ReelRemixesApi api, CancellationToken ct) => api.PutSwitch(r, ct))
            .Body<ReelRemixesSwitch>("allowed").Returns<ReelRemixesView>();
        app.MapPost("/api/v1/reels/{id}/views", (HttpRequest r, string id, ReelViewsApi api, CancellationToken ct) => api.Play(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/reels/{id}/comments", (HttpRequest r, string id, ReelCommentsApi api, CancellationToken ct) => api.Create(r, id, ct))
            .Body<CreateReelCommentRequest>("content").Returns<ReelCommentView>(201).CanForbid();
        app.MapGet("/api/v1/reels/{id}/comments", (HttpRequest r, string id, ReelCommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Paged().Returns<Page<ReelCommentView>>();
        app.MapGet("/api/v1/reels/{id}/comments/{commentId}/replies",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Replies(r, id, commentId, ct))
            .Guest().Paged().Returns<Page<ReelCommentView>>();
        app.MapDelete("/api/v1/reels/{id}/comments/{commentId}",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Delete(r, id, commentId, ct)).NoContent();
        app.MapPut("/api/v1/reels/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Like(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/reels/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Unlike(r, id, commentId, ct)).NoContent();
        app.MapPut("/api/v1/reels/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Pin(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/reels/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Unpin(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/reels/{id}/comments/held", (HttpRequest r, string id, ReelCommentsApi api, CancellationToken ct) => api.Held(r, id, ct))
            .Paged().Returns<Page<ReelCommentView>>().CanForbid();
        app.MapPost("/api/v1/reels/{id}/comments/{commentId}/approve",
            (HttpRequest r, string id, string commentId, ReelCommentsApi api, CancellationToken ct) => api.Approve(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/users/{username}/reels", (HttpRequest r, string username, ReelListsApi api, CancellationToken ct) => api.UserReels(r, username, ct))
            .Guest().Paged().Returns<Page<ReelView>>();
        app.MapPut("/api/v1/audio/{id}/save", (HttpRequest r, string id, SavedAudioApi api, CancellationToken ct) => api.Add(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/audio/{id}/save", (HttpRequest r, string id, SavedAudioApi api, CancellationToken ct) => api.Remove(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/me/saved/audio", (HttpRequest r, SavedAudioApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<SavedAudio>>();
        app.MapGet("/api/v1/audio/{id}/reels", (HttpRequest r, string id, ReelListsApi api, CancellationToken ct) => api.AudioReels(r, id, ct))
            .Guest().Paged().Returns<AudioReels>();
        return app;
    }
}
