using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Purge;

namespace Fowergram.Features.Stories;

/// <summary>24-hour stories: creation, tray, seen state and viewers, stickers, archive, counters, notifications, media expiry (docs/stories.md).</summary>
public static class StoriesModule
{
    public static IServiceCollection AddStories(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StoryOptions>(configuration, StoryOptions.Section);
        services.AddSingleton<StoryMedia>();
        services.AddSingleton<StoriesApi>();
        services.AddSingleton<StoryListsApi>();
        services.AddSingleton<StoriesRecentlyDeletedApi>();
        services.AddSingleton<IReinstatement, StoryReinstatement>();
        services.AddSingleton<StoryViewsApi>();
        services.AddSingleton<StoryStickersApi>();
        services.AddSingleton<StoryQuestionsApi>();
        services.AddSingleton<StorySlidersApi>();
        services.AddSingleton<StoryQuizzesApi>();
        services.AddSingleton<StoryCountdownsApi>();
        services.AddSingleton<StoryAddYoursApi>();
        services.AddSingleton<StoryResharesApi>();
        services.AddSingleton<StoryRepliesSettingApi>();
        services.AddSingleton<StoryMemoriesApi>();
        services.AddSingleton<IScheduledJob, StoryCountdownsJob>();
        services.AddSingleton<IEventConsumer, StoryCountersConsumer>();
        services.AddSingleton<IEventConsumer, StoryNotificationsConsumer>();
        services.AddSingleton<IScheduledJob, StoryExpiryJob>();
        services.AddSingleton<ITakedown, StoryTakedown>();
        services.AddSingleton<IAccountPurgeStep, StoriesPurgeStep>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (StoriesFunctions).</summary>
    public static IEndpointRouteBuilder MapStories(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/stories", (HttpRequest r, StoriesApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateStoryRequest>("uploadId").Returns<StoryResponse>(201).CanForbid();
        app.MapGet("/api/v1/stories/tray", (HttpRequest r, StoryListsApi api, CancellationToken ct) => api.Tray(r, ct)).Returns<TrayResponse>();
        app.MapGet("/api/v1/stories/" + RouteParameters.StoryId, (HttpRequest r, string id, StoriesApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<StoryResponse>();
        app.MapDelete("/api/v1/stories/{id}", (HttpRequest r, string id, StoriesApi api, CancellationToken ct) => api.Delete(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/{username}/stories", (HttpRequest r, string username, StoryListsApi api, CancellationToken ct) => api.OfUser(r, username, ct))
            .Returns<StoryListResponse>();
        app.MapGet("/api/v1/users/me/stories/archive", (HttpRequest r, StoryListsApi api, CancellationToken ct) => api.Archive(r, ct))
            .Paged().Returns<Page<StoryResponse>>();
        app.MapGet("/api/v1/users/me/stories/deleted", (HttpRequest r, StoriesRecentlyDeletedApi api, CancellationToken ct) => api.Get(r, ct))
            .Paged().Returns<Page<DeletedStory>>();
        app.MapDelete("/api/v1/users/me/stories/deleted/{id}", (HttpRequest r, string id, StoriesRecentlyDeletedApi api, CancellationToken ct) =>
            api.DeleteForGood(r, id, ct)).NoContent();
        app.MapPost("/api/v1/stories/{id}/restore", (HttpRequest r, string id, StoriesRecentlyDeletedApi api, CancellationToken ct) => api.Restore(r, id, ct))
            .Returns<StoryResponse>();
        app.MapPost("/api/v1/stories/{id}/seen", (HttpRequest r, string id, StoryViewsApi api, CancellationToken ct) => api.Seen(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/stories/{id}/viewers", (HttpRequest r, string id, StoryViewsApi api, CancellationToken ct) => api.Viewers(r, id, ct))
            .Paged().Returns<ViewersResponse>();
        app.MapPost("/api/v1/stories/{id}/poll/votes", (HttpRequest r, string id, StoryStickersApi api, CancellationToken ct) => api.Vote(r, id, ct))
            .Body<VoteRequest>("option").Returns<VoteResponse>(200, 201);
        app.MapGet("/api/v1/stories/{id}/poll", (HttpRequest r, string id, StoryStickersApi api, CancellationToken ct) => api.Poll(r, id, ct))
            .Returns<PollResponse>();
        app.MapPut("/api/v1/stories/{id}/reaction", (HttpRequest r, string id, StoryStickersApi api, CancellationToken ct) => api.React(r, id, ct))
            .Body<ReactionRequest>("type").Returns<ReactionResponse>().CanForbid();
        app.MapPost("/api/v1/stories/{id}/question/responses", (HttpRequest r, string id, StoryQuestionsApi api, CancellationToken ct) => api.Respond(r, id, ct))
            .Body<QuestionResponseRequest>("text").Returns<CreatedQuestionResponse>(201);
        app.MapGet("/api/v1/stories/{id}/question/responses", (HttpRequest r, string id, StoryQuestionsApi api, CancellationToken ct) => api.Responses(r, id, ct))
            .Paged().Returns<Page<QuestionResponseItem>>();
        app.MapPost("/api/v1/stories/{id}/slider/responses", (HttpRequest r, string id, StorySlidersApi api, CancellationToken ct) => api.Slide(r, id, ct))
            .Body<SlideRequest>("value").Returns<SlideView>(200, 201);
        app.MapGet("/api/v1/stories/{id}/slider", (HttpRequest r, string id, StorySlidersApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<SliderView>();
        app.MapGet("/api/v1/stories/{id}/slider/responses", (HttpRequest r, string id, StorySlidersApi api, CancellationToken ct) => api.Responses(r, id, ct))
            .Paged().Returns<Page<SliderResponseItem>>();
        app.MapPost("/api/v1/stories/{id}/quiz/answers", (HttpRequest r, string id, StoryQuizzesApi api, CancellationToken ct) => api.Answer(r, id, ct))
            .Body<QuizAnswerRequest>("option").Returns<QuizAnswerView>(200, 201);
        app.MapGet("/api/v1/stories/{id}/quiz", (HttpRequest r, string id, StoryQuizzesApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<QuizView>();
        app.MapGet("/api/v1/stories/{id}/quiz/answers", (HttpRequest r, string id, StoryQuizzesApi api, CancellationToken ct) => api.Answers(r, id, ct))
            .Paged().Returns<Page<QuizAnswerItem>>();
        app.MapPut("/api/v1/stories/{id}/countdown/reminder", (HttpRequest r, string id, StoryCountdownsApi api, CancellationToken ct) => api.Remind(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/stories/{id}/countdown/reminder", (HttpRequest r, string id, StoryCountdownsApi api, CancellationToken ct) => api.Forget(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/stories/{id}/countdown", (HttpRequest r, string id, StoryCountdownsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<CountdownView>();
        app.MapGet("/api/v1/stories/{id}/add-yours", (HttpRequest r, string id, StoryAddYoursApi api, CancellationToken ct) => api.Chain(r, id, ct))
            .Paged().Returns<AddYoursChain>();
        app.MapGet("/api/v1/users/me/stories/memories", (HttpRequest r, StoryMemoriesApi api, CancellationToken ct) => api.Get(r, ct))
            .Query("date", "The day, as YYYY-MM-DD (default: today in tz).").Query("tz", "An IANA time zone, such as Europe/Paris (default: UTC).")
            .Returns<StoryMemoriesView>();
        app.MapGet("/api/v1/users/me/story-reshares", (HttpRequest r, StoryResharesApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<StoryResharesView>();
        app.MapPut("/api/v1/users/me/story-reshares", (HttpRequest r, StoryResharesApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<StoryResharesSwitch>("allowed").Returns<StoryResharesView>();
        app.MapGet("/api/v1/users/me/story-replies", (HttpRequest r, StoryRepliesSettingApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<StoryRepliesView>();
        app.MapPut("/api/v1/users/me/story-replies", (HttpRequest r, StoryRepliesSettingApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<StoryRepliesRequest>("from").Returns<StoryRepliesView>();
        return app;
    }
}
