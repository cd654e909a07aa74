using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The note and story reply routes of <see cref="MessagesModule.MapMessages"/>.</summary>
public sealed class NoteRepliesFunctions(NoteRepliesApi replies, StoryRepliesApi storyReplies)
{
    [Function("ReplyToStory")]
    public Task<IResult> ReplyToStory([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/replies")] HttpRequest request,
        string id, CancellationToken ct) => storyReplies.Reply(request, id, ct);

    [Function("ReplyToNote")]
    public Task<IResult> Reply([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notes/{id}/replies")] HttpRequest request,
        string id, CancellationToken ct) => replies.Reply(request, id, ct);
}
