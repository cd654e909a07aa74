namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// The categories of push notification settings (migration 0196), each a column of <c>push_preferences</c> and the notice
/// types it governs. A type in none (<c>system</c>: account, security and moderation notices) is always pushed.
/// </summary>
public static class PushPreferences
{
    public const string Off = "off";
    public const string Following = "following";
    public const string Everyone = "everyone";

    public sealed record Category(string Member, string Column, bool FollowingAllowed, string[] Types);

    public static readonly IReadOnlyList<Category> Categories =
    [
        new("likes", "likes", true, ["like", "comment_like", "reel_like", "video_like", "note_like", "story_reaction"]),
        new("comments", "comments", true, ["comment", "reply", "reel_comment", "video_comment", "comment_pin"]),
        new("mentions", "mentions", true, ["mention", "tag", "story_mention", "repost", "reel_remix", "add_yours", "collab_invite", "collab_accepted"]),
        new("follows", "follows", true, ["follow", "follow_request", "follow_accept"]),
        // By their nature from accounts the owner follows (or asked to hear from): "following" would change nothing.
        new("followedAccounts", "followed_accounts", false,
            ["new_post", "new_story", "new_reel", "new_video", "live_started", "live_invite", "channel_invite", "channel_cohost_invite"]),
        new("shopping", "shopping", false, ["price_drop", "back_in_stock", "countdown_ended"]),
    ];

    /// <summary>
    /// Whether notice <c>n</c> may be pushed to the owner of preferences row <c>pp</c> (left-joined: none is everyone):
    /// its category's setting, and for "following" an approved follow of the notice's actor (follows_pkey).
    /// </summary>
    public static string Wanted(string recipient) => $"""
        (CASE coalesce(CASE n.type {string.Concat(Categories.SelectMany(c => c.Types.Select(t => $"WHEN '{t}' THEN pp.{c.Column} ")))}END, '{Everyone}')
            WHEN '{Off}' THEN false
            WHEN '{Following}' THEN EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = {recipient} AND f.following_id = n.actor_id)
            ELSE true END)
        """;
}
