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

namespace Fowergram.Features.Videos;

/// <summary>Long-form videos (the seed's IGTV): create from a video upload, drafts, publishing, views, channels and series (docs/videos.md).</summary>
public static class VideosModule
{
    public static IServiceCollection AddVideos(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<VideosOptions>(configuration, VideosOptions.Section);
        services.AddSingleton<VideosRecentlyDeletedApi>();
        services.AddSingleton<VideoReader>();
        services.AddSingleton<VideosApi>();
        services.AddSingleton<VideoPublishingApi>();
        services.AddSingleton<VideoViewsApi>();
        services.AddSingleton<VideoLikesApi>();
        services.AddSingleton<VideoCommentsApi>();
        services.AddSingleton<VideoListsApi>();
        services.AddSingleton<SeriesApi>();
        services.AddSingleton<VideoCoversApi>();
        services.AddSingleton<IEventConsumer, VideoCountersConsumer>();
        services.AddSingleton<IEventConsumer, VideoNotificationsConsumer>();
        services.AddSingleton<IAccountPurgeStep, VideosPurgeStep>();
        services.AddSingleton<IScheduledJob, SeriesHousekeepingJob>();
        services.AddSingleton<ITakedown, VideoTakedown>();
        services.AddSingleton<IReinstatement, VideoReinstatement>();
        services.AddSingleton<ITakedown>(sp => sp.GetRequiredService<VideoCommentsApi>());
        services.AddSingleton<IReinstatement>(sp => sp.GetRequiredService<VideoCommentsApi>());
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (VideosFunctions).</summary>
    public static IEndpointRouteBuilder MapVideos(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/videos", (HttpRequest r, VideosApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateVideoRequest>("durationSeconds", "title", "uploadId").Returns<VideoView>(201);
        app.MapGet("/api/v1/videos/drafts", (HttpRequest r, VideoListsApi api, CancellationToken ct) => api.Drafts(r, ct))
            .Paged().Returns<Page<VideoView>>();
        app.MapGet("/api/v1/videos/following", (HttpRequest r, VideoListsApi api, CancellationToken ct) => api.Following(r, ct))
            .Paged().Returns<Page<VideoView>>();
        app.MapGet("/api/v1/videos/" + RouteParameters.VideoId, (HttpRequest r, string id, VideosApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Returns<VideoView>();
        app.MapPatch("/api/v1/videos/{id}", (HttpRequest r, string id, VideosApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("title:string", "description:string", "seriesId:string", "commentsDisabled:boolean").Returns<VideoView>();
        app.MapDelete("/api/v1/videos/{id}", (HttpRequest r, string id, VideosApi api, CancellationToken ct) => api.Delete(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/me/videos/deleted", (HttpRequest r, VideosRecentlyDeletedApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<DeletedVideo>>();
        app.MapDelete("/api/v1/users/me/videos/deleted/{id}", (HttpRequest r, string id, VideosRecentlyDeletedApi api, CancellationToken ct) =>
            api.DeleteForGood(r, id, ct)).NoContent();
        app.MapPost("/api/v1/videos/{id}/restore", (HttpRequest r, string id, VideosRecentlyDeletedApi api, CancellationToken ct) =>
            api.Restore(r, id, ct)).Returns<VideoView>();
        app.MapPost("/api/v1/videos/{id}/publish", (HttpRequest r, string id, VideoPublishingApi api, CancellationToken ct) => api.Publish(r, id, ct))
            .Returns<VideoView>();
        app.MapPost("/api/v1/videos/{id}/unpublish", (HttpRequest r, string id, VideoPublishingApi api, CancellationToken ct) => api.Unpublish(r, id, ct))
            .Returns<VideoView>();
        app.MapPost("/api/v1/videos/{id}/views", (HttpRequest r, string id, VideoViewsApi api, CancellationToken ct) => api.View(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/videos/{id}/like", (HttpRequest r, string id, VideoLikesApi api, CancellationToken ct) => api.Like(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/videos/{id}/like", (HttpRequest r, string id, VideoLikesApi api, CancellationToken ct) => api.Unlike(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/videos/{id}/likers", (HttpRequest r, string id, VideoLikesApi api, CancellationToken ct) => api.Likers(r, id, ct))
            .Guest().Paged().Returns<Page<UserSummary>>();
        app.MapPost("/api/v1/videos/{id}/comments", (HttpRequest r, string id, VideoCommentsApi api, CancellationToken ct) => api.Create(r, id, ct))
            .Body<CreateVideoCommentRequest>("content").Returns<VideoCommentView>(201).CanForbid();
        app.MapGet("/api/v1/videos/{id}/comments", (HttpRequest r, string id, VideoCommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Paged().Returns<Page<VideoCommentView>>();
        app.MapGet("/api/v1/videos/{id}/comments/{commentId}/replies",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Replies(r, id, commentId, ct))
            .Guest().Paged().Returns<Page<VideoCommentView>>();
        app.MapDelete("/api/v1/videos/{id}/comments/{commentId}",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Delete(r, id, commentId, ct))
            .NoContent();
        app.MapPut("/api/v1/videos/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Like(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/videos/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Unlike(r, id, commentId, ct)).NoContent();
        app.MapPut("/api/v1/videos/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Pin(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/videos/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Unpin(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/videos/{id}/comments/held", (HttpRequest r, string id, VideoCommentsApi api, CancellationToken ct) => api.Held(r, id, ct))
            .Paged().Returns<Page<VideoCommentView>>().CanForbid();
        app.MapPost("/api/v1/videos/{id}/comments/{commentId}/approve",
            (HttpRequest r, string id, string commentId, VideoCommentsApi api, CancellationToken ct) => api.Approve(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/users/{username}/videos", (HttpRequest r, string username, VideoListsApi api, CancellationToken ct) => api.Channel(r, username, ct))
            .Guest().Paged().Returns<Page<VideoView>>();
        app.MapPost("/api/v1/series", (HttpRequest r, SeriesApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateSeriesRequest>("title").Returns<SeriesView>(201);
        app.MapGet("/api/v1/series/{id}", (HttpRequest r, string id, SeriesApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Paged().Returns<SeriesWithVideos>();
        app.MapPatch("/api/v1/series/{id}", (HttpRequest r, string id, SeriesApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("title:string", "description:string").Returns<SeriesView>();
        app.MapPut("/api/v1/series/{id}/order", (HttpRequest r, string id, SeriesApi api, CancellationToken ct) => api.Reorder(r, id, ct))
            .Body<ReorderSeriesRequest>("videoIds").Returns<SeriesWithVideos>();
        app.MapPut("/api/v1/series/{id}/cover", (HttpRequest r, string id, VideoCoversApi api, CancellationToken ct) => api.SetCover(r, id, ct))
            .Body<SetCoverRequest>("uploadId").Returns<SeriesView>();
        app.MapDelete("/api/v1/series/{id}/cover", (HttpRequest r, string id, VideoCoversApi api, CancellationToken ct) => api.RemoveCover(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/videos/{id}/thumbnail", (HttpRequest r, string id, VideoCoversApi api, CancellationToken ct) => api.SetThumbnail(r, id, ct))
            .Body<SetCoverRequest>("uploadId").Returns<VideoView>();
        app.MapDelete("/api/v1/videos/{id}/thumbnail", (HttpRequest r, string id, VideoCoversApi api, CancellationToken ct) => api.RemoveThumbnail(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/series/{id}", (HttpRequest r, string id, SeriesApi api, CancellationToken ct) => api.Delete(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/{username}/series", (HttpRequest r, string username, SeriesApi api, CancellationToken ct) => api.UserSeries(r, username, ct))
            .Guest().Paged().Returns<Page<SeriesView>>();
        return app;
    }
}
