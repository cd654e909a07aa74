using Fowergram.Features.Comments;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The comment routes of <see cref="CommentsModule.MapComments"/>.</summary>
public sealed class CommentsFunctions(CommentsApi comments, CommentActionsApi actions, CommentPinsApi pins, HeldCommentsApi held,
    HiddenWordsApi hiddenWords)
{
    [Function("CreateComment")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.Create(request, id, ct);

    [Function("ListComments")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.List(request, id, ct);

    [Function("ListCommentReplies")]
    public Task<IResult> Replies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/comments/{commentId}/replies")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Replies(request, id, commentId, ct);

    [Function("DeleteComment")]
    public Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/comments/{commentId}")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => actions.Delete(request, id, commentId, ct);

    [Function("LikeComment")]
    public Task<IResult> Like(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => actions.Like(request, id, commentId, ct);

    [Function("UnlikeComment")]
    public Task<IResult> Unlike(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => actions.Unlike(request, id, commentId, ct);

    [Function("PinComment")]
    public Task<IResult> Pin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => pins.Pin(request, id, commentId, ct);

    [Function("UnpinComment")]
    public Task<IResult> Unpin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => pins.Unpin(request, id, commentId, ct);

    [Function("ListHeldComments")]
    public Task<IResult> Held([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/comments/held")] HttpRequest request,
        string id, CancellationToken ct) => held.List(request, id, ct);

    [Function("ApproveComment")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/comments/{commentId}/approve")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => held.Approve(request, id, commentId, ct);

    [Function("ListHiddenWords")]
    public Task<IResult> HiddenWords([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/hidden-words")] HttpRequest request,
        CancellationToken ct) => hiddenWords.ListWords(request, ct);

    [Function("AddHiddenWord")]
    public Task<IResult> AddHiddenWord([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/hidden-words/{word}")] HttpRequest request,
        string word, CancellationToken ct) => hiddenWords.Add(request, word, ct);

    [Function("RemoveHiddenWord")]
    public Task<IResult> RemoveHiddenWord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/hidden-words/{word}")] HttpRequest request,
        string word, CancellationToken ct) => hiddenWords.Remove(request, word, ct);
}

/// <summary>"Allow comments from" of <see cref="CommentsModule"/>.</summary>
public sealed class CommentAudienceFunctions(CommentAudienceApi audience)
{
    [Function("GetCommentsFrom")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/comments-from")] HttpRequest request,
        CancellationToken ct) => audience.Get(request, ct);

    [Function("SetCommentsFrom")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/comments-from")] HttpRequest request,
        CancellationToken ct) => audience.Put(request, ct);
}
