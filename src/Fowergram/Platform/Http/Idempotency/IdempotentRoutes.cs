namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// The POSTs that create something and take an <c>Idempotency-Key</c> (their handlers run through
/// <see cref="IdempotentRequests"/>). The API document declares the header and its 409/422 on exactly these; a test sends
/// each a bad key and expects the header's 400, so the list and the handlers cannot drift apart.
/// </summary>
public static class IdempotentRoutes
{
    public static readonly IReadOnlySet<string> Templates = new HashSet<string>(StringComparer.Ordinal)
    {
        // Comments on every surface
        "/api/v1/posts/{id}/comments",
        "/api/v1/reels/{id}/comments",
        "/api/v1/videos/{id}/comments",
        "/api/v1/live/{id}/comments",
        // Messages (a share is a message), replies to notes and stories, channel messages
        "/api/v1/conversations",
        "/api/v1/conversations/{id}/messages",
        "/api/v1/notes/{id}/replies",
        "/api/v1/stories/{id}/replies",
        "/api/v1/channels",
        "/api/v1/channels/{id}/messages",
        "/api/v1/channels/{id}/scheduled-messages",
        // Content
        "/api/v1/posts",
        "/api/v1/users/me/scheduled-posts",
        "/api/v1/stories",
        "/api/v1/stories/{id}/question/responses",
        "/api/v1/reels",
        "/api/v1/users/me/scheduled-reels",
        "/api/v1/videos",
        "/api/v1/series",
        "/api/v1/live",
        "/api/v1/collections",
        "/api/v1/highlights",
        "/api/v1/products",
        "/api/v1/reports",
    };

    public static bool Covers(string method, string template) => method == "POST" && Templates.Contains(template);
}
