using Microsoft.AspNetCore.Routing.Patterns;

namespace Fowergram.Platform.Http;

/// <summary>
/// Route parameters that stand where a sibling route has a literal segment: GET /reels/{id} beside GET /reels/trending.
/// ASP.NET Core (the Server host) prefers the literal; the Functions host does not: it tries the functions' routes in an
/// order of its own (by function name, Azure/azure-functions-host#9876) and the first match wins, so on Azure
/// GET /reels/trending could reach GetReel with id "trending". Each parameter here refuses its siblings' literals by a
/// regex constraint, so no URL matches two routes and both hosts answer alike whatever the order. Both hosts use these
/// templates (RouteParityTests compares them exactly); <c>RouteOverlapTests</c> fails when a new route overlaps another.
/// A hashtag named like a literal is still reached with its <c>#</c>: GET /hashtags/%23trending.
/// </summary>
public static class RouteParameters
{
    /// <summary>{username} beside /users/me and /users/search (both reserved usernames: AccountRules).</summary>
    public const string Username = "{username:regex(^(?!(me|search)$))}";

    /// <summary>{id} beside /live/mine, /live/following, /live/upcoming and /live/popular.</summary>
    public const string LiveId = "{id:regex(^(?!(mine|following|upcoming|popular)$))}";

    /// <summary>{id} beside /conversations/unread.</summary>
    public const string ConversationId = "{id:regex(^(?!(unread)$))}";

    /// <summary>{id} beside /reels/trending, /reels/following and /reels/recommended.</summary>
    public const string ReelId = "{id:regex(^(?!(trending|following|recommended)$))}";

    /// <summary>{id} beside /videos/drafts and /videos/following.</summary>
    public const string VideoId = "{id:regex(^(?!(drafts|following)$))}";

    /// <summary>{name} beside /hashtags/trending and /hashtags/search.</summary>
    public const string HashtagName = "{name:regex(^(?!(trending|search)$))}";

    /// <summary>{id} beside /channels/suggested and /channels/trending.</summary>
    public const string ChannelId = "{id:regex(^(?!(suggested|trending)$))}";

    /// <summary>{id} beside /stories/tray.</summary>
    public const string StoryId = "{id:regex(^(?!(tray)$))}";

    /// <summary>
    /// A route's template with its parameters by name and without their constraints (<c>/api/v1/reels/{id}</c>): how the API
    /// document and the route-walking tests name a route.
    /// </summary>
    public static string Plain(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(segment =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { IsCatchAll: true } parameter => "{" + (parameter.EncodeSlashes ? "*" : "**") + parameter.Name + "}",
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        }))));
}
