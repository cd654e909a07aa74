using Fowergram.Features.Accounts;
using Fowergram.Features.Activity;
using Fowergram.Features.Insights;
using Fowergram.Features.Collections;
using Fowergram.Features.Comments;
using Fowergram.Features.Export;
using Fowergram.Features.Feed;
using Fowergram.Features.Hashtags;
using Fowergram.Features.Health;
using Fowergram.Features.Highlights;
using Fowergram.Features.Live;
using Fowergram.Features.Locations;
using Fowergram.Features.Media;
using Fowergram.Features.Messages;
using Fowergram.Features.Moderation;
using Fowergram.Features.Notes;
using Fowergram.Features.Music;
using Fowergram.Features.Notifications;
using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Features.Search;
using Fowergram.Features.Shopping;
using Fowergram.Features.Social;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fowergram;

/// <summary>
/// The one route table of the Server host. Each line binds a URL to one handler method; the
/// Functions host declares the same (method, template) pairs on its [Function] classes, and
/// tests/Fowergram.Functions.Tests proves the two sets are identical.
/// </summary>
public static class FowergramRoutes
{
    public static IEndpointRouteBuilder MapFowergramApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (HttpRequest r, HealthApi api, CancellationToken ct) => api.Get(r, ct)).Open().Returns<HealthReport>();
        app.MapGet("/api/v1/openapi.json", (HttpRequest r, ApiDocumentApi api, CancellationToken ct) => api.Get(r, ct))
            .Open().Returns<ResponseMetadata.AnyJson>();
        app.MapAccounts();
        app.MapMedia();
        app.MapStories();
        app.MapHighlights();
        app.MapMusic();
        app.MapPosts();
        app.MapComments();
        app.MapReels();
        app.MapVideos();
        app.MapLive();
        app.MapCollections();
        app.MapHashtags();
        app.MapLocations();
        app.MapSearch();
        app.MapSocial();
        app.MapMessages();
        app.MapChannels();
        app.MapModeration();
        app.MapNotes();
        app.MapShopping();
        app.MapNotifications();
        app.MapFeed();
        app.MapActivity();
        app.MapInsights();
        app.MapExport();
        return app;
    }
}
