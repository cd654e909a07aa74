using Fowergram.Features.Social;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;

namespace Fowergram.Features.Comments;

/// <summary>Comments and their likes. Counters and notifications are the post-counters and post-notifications consumers' (Features/Posts).</summary>
public static class CommentsModule
{
    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSingleton<CommentsApi>();
        services.AddSingleton<IAccountPurgeStep, CommentsPurgeStep>();
        services.AddSingleton<CommentActionsApi>();
        services.AddSingleton<CommentPinsApi>();
        services.AddSingleton<HeldCommentsApi>();
        services.AddSingleton<HiddenWordsApi>();
        services.AddSingleton<CommentAudienceApi>();
        services.AddSingleton<ITakedown, CommentRemoval>();
        services.AddSingleton<IReinstatement, CommentReinstatement>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (CommentsFunctions).</summary>
    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/posts/{id}/comments", (HttpRequest r, string id, CommentsApi api, CancellationToken ct) => api.Create(r, id, ct))
            .Body<CreateCommentRequest>("content").Returns<CommentView>(201).CanForbid();
        app.MapGet("/api/v1/posts/{id}/comments", (HttpRequest r, string id, CommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Paged().Returns<Page<CommentView>>();
        app.MapGet("/api/v1/posts/{id}/comments/{commentId}/replies",
            (HttpRequest r, string id, string commentId, CommentsApi api, CancellationToken ct) => api.Replies(r, id, commentId, ct))
            .Guest().Paged().Returns<Page<CommentView>>();
        app.MapDelete("/api/v1/posts/{id}/comments/{commentId}",
            (HttpRequest r, string id, string commentId, CommentActionsApi api, CancellationToken ct) => api.Delete(r, id, commentId, ct))
            .NoContent();
        app.MapPut("/api/v1/posts/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, CommentActionsApi api, CancellationToken ct) => api.Like(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/posts/{id}/comments/{commentId}/like",
            (HttpRequest r, string id, string commentId, CommentActionsApi api, CancellationToken ct) => api.Unlike(r, id, commentId, ct))
            .NoContent();
        app.MapPut("/api/v1/posts/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, CommentPinsApi api, CancellationToken ct) => api.Pin(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/posts/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, CommentPinsApi api, CancellationToken ct) => api.Unpin(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/posts/{id}/comments/held", (HttpRequest r, string id, HeldCommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<CommentView>>().CanForbid();
        app.MapPost("/api/v1/posts/{id}/comments/{commentId}/approve",
            (HttpRequest r, string id, string commentId, HeldCommentsApi api, CancellationToken ct) => api.Approve(r, id, commentId, ct)).NoContent();
        app.MapGet("/api/v1/users/me/comments-from", (HttpRequest r, CommentAudienceApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<CommentsFromView>();
        app.MapPut("/api/v1/users/me/comments-from", (HttpRequest r, CommentAudienceApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<CommentsFromRequest>("from").Returns<CommentsFromView>();
        app.MapGet("/api/v1/users/me/hidden-words", (HttpRequest r, HiddenWordsApi api, CancellationToken ct) => api.ListWords(r, ct))
            .Returns<ItemsResponse<HiddenWord>>();
        app.MapPut("/api/v1/users/me/hidden-words/{word}", (HttpRequest r, string word, HiddenWordsApi api, CancellationToken ct) => api.Add(r, word, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/me/hidden-words/{word}", (HttpRequest r, string word, HiddenWordsApi api, CancellationToken ct) => api.Remove(r, word, ct))
            .NoContent();
        return app;
    }
}
