using Fowergram.Features.Stories;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The stories routes of <see cref="FowergramRoutes"/> (StoriesModule.MapStories).</summary>
public sealed class StoriesFunctions(StoriesApi stories, StoryListsApi lists, StoryViewsApi views, StoryStickersApi stickers,
    StoryQuestionsApi questions)
{
    [Function("CreateStory")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories")] HttpRequest request,
        CancellationToken ct) => stories.Create(request, ct);

    [Function("GetStoryTray")]
    public Task<IResult> Tray([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/tray")] HttpRequest request,
        CancellationToken ct) => lists.Tray(request, ct);

    [Function("GetStory")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/" + RouteParameters.StoryId)] HttpRequest request,
        string id, CancellationToken ct) => stories.Get(request, id, ct);

    [Function("DeleteStory")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/stories/{id}")] HttpRequest request,
        string id, CancellationToken ct) => stories.Delete(request, id, ct);

    [Function("GetUserStories")]
    public Task<IResult> OfUser([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/stories")] HttpRequest request,
        string username, CancellationToken ct) => lists.OfUser(request, username, ct);

    [Function("GetStoryArchive")]
    public Task<IResult> Archive([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/stories/archive")] HttpRequest request,
        CancellationToken ct) => lists.Archive(request, ct);

    [Function("MarkStorySeen")]
    public Task<IResult> Seen([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/seen")] HttpRequest request,
        string id, CancellationToken ct) => views.Seen(request, id, ct);

    [Function("GetStoryViewers")]
    public Task<IResult> Viewers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/viewers")] HttpRequest request,
        string id, CancellationToken ct) => views.Viewers(request, id, ct);

    [Function("VoteStoryPoll")]
    public Task<IResult> Vote([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/poll/votes")] HttpRequest request,
        string id, CancellationToken ct) => stickers.Vote(request, id, ct);

    [Function("GetStoryPoll")]
    public Task<IResult> Poll([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/poll")] HttpRequest request,
        string id, CancellationToken ct) => stickers.Poll(request, id, ct);

    [Function("ReactToStory")]
    public Task<IResult> React([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/stories/{id}/reaction")] HttpRequest request,
        string id, CancellationToken ct) => stickers.React(request, id, ct);

    [Function("AnswerStoryQuestion")]
    public Task<IResult> Respond([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/question/responses")] HttpRequest request,
        string id, CancellationToken ct) => questions.Respond(request, id, ct);

    [Function("GetStoryQuestionResponses")]
    public Task<IResult> Responses([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/question/responses")] HttpRequest request,
        string id, CancellationToken ct) => questions.Responses(request, id, ct);
}

/// <summary>The emoji slider sticker of <see cref="StoriesModule"/>.</summary>
public sealed class StorySliderFunctions(StorySlidersApi sliders)
{
    [Function("RespondToStorySlider")]
    public Task<IResult> Slide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/slider/responses")] HttpRequest request,
        string id, CancellationToken ct) => sliders.Slide(request, id, ct);

    [Function("GetStorySlider")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/slider")] HttpRequest request,
        string id, CancellationToken ct) => sliders.Get(request, id, ct);

    [Function("GetStorySliderResponses")]
    public Task<IResult> Responses([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/slider/responses")] HttpRequest request,
        string id, CancellationToken ct) => sliders.Responses(request, id, ct);
}

/// <summary>The quiz sticker of <see cref="StoriesModule"/>.</summary>
public sealed class StoryQuizFunctions(StoryQuizzesApi quizzes)
{
    [Function("AnswerStoryQuiz")]
    public Task<IResult> Answer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/quiz/answers")] HttpRequest request,
        string id, CancellationToken ct) => quizzes.Answer(request, id, ct);

    [Function("GetStoryQuiz")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/quiz")] HttpRequest request,
        string id, CancellationToken ct) => quizzes.Get(request, id, ct);

    [Function("GetStoryQuizAnswers")]
    public Task<IResult> Answers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/quiz/answers")] HttpRequest request,
        string id, CancellationToken ct) => quizzes.Answers(request, id, ct);
}

/// <summary>The countdown sticker of <see cref="StoriesModule"/>; the story-countdowns timer is in ScheduledJobFunctions.</summary>
public sealed class StoryCountdownFunctions(StoryCountdownsApi countdowns)
{
    [Function("RemindOfStoryCountdown")]
    public Task<IResult> Remind([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/stories/{id}/countdown/reminder")] HttpRequest request,
        string id, CancellationToken ct) => countdowns.Remind(request, id, ct);

    [Function("ForgetStoryCountdownReminder")]
    public Task<IResult> Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/stories/{id}/countdown/reminder")] HttpRequest request,
        string id, CancellationToken ct) => countdowns.Forget(request, id, ct);

    [Function("GetStoryCountdown")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/countdown")] HttpRequest request,
        string id, CancellationToken ct) => countdowns.Get(request, id, ct);
}

/// <summary>The "add yours" sticker of <see cref="StoriesModule"/>: a chain opened from one of its stories.</summary>
public sealed class StoryAddYoursFunctions(StoryAddYoursApi addYours)
{
    [Function("GetStoryAddYoursChain")]
    public Task<IResult> Chain([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/add-yours")] HttpRequest request,
        string id, CancellationToken ct) => addYours.Chain(request, id, ct);
}

/// <summary>The "allow sharing to story" switch of <see cref="StoriesModule"/>.</summary>
public sealed class StoryResharesFunctions(StoryResharesApi reshares)
{
    [Function("GetStoryReshares")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/story-reshares")] HttpRequest request,
        CancellationToken ct) => reshares.Get(request, ct);

    [Function("SetStoryReshares")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/story-reshares")] HttpRequest request,
        CancellationToken ct) => reshares.Put(request, ct);
}

/// <summary>The "allow replies and reactions" setting of <see cref="StoriesModule"/>.</summary>
public sealed class StoryRepliesSettingFunctions(StoryRepliesSettingApi replies)
{
    [Function("GetStoryReplies")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/story-replies")] HttpRequest request,
        CancellationToken ct) => replies.Get(request, ct);

    [Function("SetStoryReplies")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/story-replies")] HttpRequest request,
        CancellationToken ct) => replies.Put(request, ct);
}

/// <summary>"On this day" of <see cref="StoriesModule"/>.</summary>
public sealed class StoryMemoriesFunctions(StoryMemoriesApi memories)
{
    [Function("GetStoryMemories")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/stories/memories")] HttpRequest request,
        CancellationToken ct) => memories.Get(request, ct);
}
