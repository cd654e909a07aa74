using Fowergram.Features.Notes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The note routes of <see cref="NotesModule.MapNotes"/>.</summary>
public sealed class NotesFunctions(NotesApi notes)
{
    [Function("SetNote")]
    public Task<IResult> Set([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/note")] HttpRequest request, CancellationToken ct) =>
        notes.Set(request, ct);

    [Function("DeleteNote")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/note")] HttpRequest request,
        CancellationToken ct) => notes.Delete(request, ct);

    [Function("NotesTray")]
    public Task<IResult> Tray([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notes")] HttpRequest request, CancellationToken ct) =>
        notes.Tray(request, ct);

    [Function("LikeNote")]
    public Task<IResult> Like([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/notes/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => notes.Like(request, id, ct);

    [Function("UnlikeNote")]
    public Task<IResult> Unlike([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/notes/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => notes.Unlike(request, id, ct);
}
