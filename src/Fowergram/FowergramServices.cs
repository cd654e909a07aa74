using Fowergram.Features.Accounts;
using Fowergram.Features.Activity;
using Fowergram.Features.Insights;
using Fowergram.Features.Collections;
using Fowergram.Features.Comments;
using Fowergram.Features.Export;
using Fowergram.Features.Feed;
using Fowergram.Features.Hashtags;
using Fowergram.Features.Live;
using Fowergram.Features.Locations;
using Fowergram.Features.Search;
using Fowergram.Features.Health;
using Fowergram.Features.Highlights;
using Fowergram.Features.Maintenance;
using Fowergram.Features.Media;
using Fowergram.Features.Messages;
using Fowergram.Features.Moderation;
using Fowergram.Features.Notes;
using Fowergram.Features.Music;
using Fowergram.Features.Notifications;
using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Social;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Data;
using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;

namespace Fowergram;

public static class FowergramServices
{
    /// <summary>Everything both hosts share: data, auth, the event pipeline and every feature's handlers.</summary>
    public static IServiceCollection AddFowergram(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddFowergramData(configuration);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<Platform.Presence.PresenceMarks>();
        services.AddSingleton<Platform.Auth.EndedSessions>();
        services.AddSingleton<Platform.Presence.PresenceWriter>();
        services.AddSingleton<Platform.Visibility.Visibility>();
        services.AddFowergramEmail(configuration);
        services.AddEvents(configuration);
        services.AddIdempotency();
        services.AddWriteLimits(configuration);
        services.AddActivity();
        services.AddInsights(configuration);

        services.AddSingleton<HealthApi>();
        // Built from the same route table the Server host maps, so the Functions host describes itself identically.
        services.AddSingleton(sp => new ApiDocument(sp, routes => routes.MapFowergramApi()));
        services.AddSingleton<ApiDocumentApi>();
        services.AddAccounts(configuration);
        services.AddMedia(configuration);
        services.AddStories(configuration);
        services.AddHighlights();
        services.AddMusic();
        services.AddPosts(configuration);
        services.AddComments();
        services.AddReels(configuration);
        services.AddVideos(configuration);
        services.AddLive(configuration);
        services.AddCollections();
        services.AddHashtags();
        services.AddLocations();
        services.AddSearch();
        services.AddMessages(configuration);
        services.AddChannels();
        services.AddExport(configuration);
        services.AddModeration(configuration);
        services.AddNotes(configuration);
        services.AddShopping();
        services.AddMaintenance(configuration);
        services.AddSocial(configuration);
        services.AddNotifications(configuration);
        services.AddFeed(configuration);
        return services;
    }
}
