using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Notes;

/// <summary>Notes (docs/notes.md).</summary>
public static class NotesModule
{
    public static IServiceCollection AddNotes(this IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<NotesOptions>(configuration, NotesOptions.Section).AddSingleton<NotesApi>().AddSingleton<IEventConsumer, NoteNotificationsConsumer>().AddSingleton<ITakedown, NoteTakedown>()
            .AddSingleton<IReinstatement, NoteReinstatement>().AddSingleton<IExpirySweep, NoteExpirySweep>();

    /// <summary>The Functions host declares the same (method, template) pairs (NotesFunctions).</summary>
    public static IEndpointRouteBuilder MapNotes(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/v1/users/me/note", (HttpRequest r, NotesApi api, CancellationToken ct) => api.Set(r, ct))
            .Body<SetNoteRequest>("text").Returns<NoteView>(201);
        app.MapDelete("/api/v1/users/me/note", (HttpRequest r, NotesApi api, CancellationToken ct) => api.Delete(r, ct)).NoContent();
        app.MapGet("/api/v1/notes", (HttpRequest r, NotesApi api, CancellationToken ct) => api.Tray(r, ct)).Returns<ItemsResponse<NoteView>>();
        app.MapPut("/api/v1/notes/{id}/like", (HttpRequest r, string id, NotesApi api, CancellationToken ct) => api.Like(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/notes/{id}/like", (HttpRequest r, string id, NotesApi api, CancellationToken ct) => api.Unlike(r, id, ct)).NoContent();
        return app;
    }
}
