namespace Fowergram.Features.Social;

/// <summary>A user as lists show them.</summary>
public sealed record UserSummary(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsPrivate);

/// <summary>An entry of a user list (followers, following, requests, blocked, close friends); <c>since</c>: when it joined the list.</summary>
public sealed record UserListItem(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsPrivate,
    DateTimeOffset Since);

public sealed record MutedItem(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsPrivate,
    DateTimeOffset Since, bool Posts, bool Stories, bool Notes);

/// <summary>PUT /users/{username}/follow: <c>following</c> (public account, or already following) or <c>requested</c>.</summary>
public sealed record FollowStatus(string Status)
{
    public static readonly FollowStatus Following = new("following");
    public static readonly FollowStatus Requested = new("requested");
}

/// <summary>PUT /users/{username}/mute body; an absent member takes its default (posts muted, stories not).</summary>
public sealed record MuteRequest(bool? Posts, bool? Stories);

public sealed record MuteState(bool Posts, bool Stories);

/// <summary>
/// The profile's <c>relationship.muting</c>: every kind the caller mutes of the account, the notes mute
/// (PUT /users/{username}/mute/notes) beside what PUT /users/{username}/mute answers with.
/// </summary>
public sealed record Muting(bool Posts, bool Stories, bool Notes);

public sealed record Suggestion(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsPrivate,
    long MutualCount, IReadOnlyList<string> MutualUsernames, string Reason);

public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);

/// <summary>
/// GET /users/me/suggestions: <see cref="ComputedAt"/> is when the ranking was computed — now for a caller whose suggestions
/// are computed on the request, earlier for one whose list the suggestions job computed ahead, null while that list is pending.
/// <see cref="Sampled"/>: the list was computed from a bounded sample of the caller's graph (the accounts they followed most
/// recently, and the latest follows of each) because the whole computation ran past its timeout; its <c>mutualCount</c>s count
/// the sampled mutuals only.
/// </summary>
public sealed record SuggestionsResponse(IReadOnlyList<Suggestion> Items, DateTimeOffset? ComputedAt, bool Sampled);

/// <summary>The profile's <c>counts</c> section: exact counters from user_stats.</summary>
public sealed record ProfileCounts(long Posts, long Followers, long Following);

/// <summary>The profile's <c>relationship</c> section, from the signed-in caller's side.</summary>
public sealed record Relationship(bool Following, bool FollowedBy, bool Requested, bool RequestedBy, bool Blocking,
    Muting Muting, bool IsCloseFriend, bool Restricting);

/// <summary>"Followed by a, b and 3 others": accounts the caller follows that follow this one.</summary>
public sealed record FollowedBySummary(long Count, IReadOnlyList<string> Usernames, string Text);

/// <summary>A user row as the list queries return it; <see cref="Since"/> is the list's own timestamp.</summary>
internal sealed class UserListRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public bool IsPrivate { get; init; }
    public DateTimeOffset Since { get; init; }
    public bool MutePosts { get; init; }
    public bool MuteStories { get; init; }
    public bool MuteNotes { get; init; }
    public bool Posts { get; init; }
    public bool Stories { get; init; }
    public bool Reels { get; init; }
    public bool Videos { get; init; }

    public UserListItem ToItem() => new(Id, Username, FullName, Avatar, IsVerified, IsPrivate, Since);

    public MutedItem ToMuted() => new(Id, Username, FullName, Avatar, IsVerified, IsPrivate, Since, MutePosts, MuteStories, MuteNotes);

    public NotificationSubscriptionItem ToSubscriptionItem() =>
        new(Id, Username, FullName, Avatar, IsVerified, IsPrivate, Since, Posts, Stories, Reels, Videos);
}

/// <summary>Which of a followed account's new things notify the caller (GET/PUT /users/{username}/notifications); all false by default.</summary>
public sealed record NotificationSubscription(bool Posts, bool Stories, bool Reels, bool Videos)
{
    public static readonly NotificationSubscription None = new(false, false, false, false);

    internal bool Any => Posts || Stories || Reels || Videos;
}

/// <summary>PUT /users/{username}/notifications: any of the four; a member left out keeps its value.</summary>
public sealed record NotificationSubscriptionRequest(bool? Posts, bool? Stories, bool? Reels, bool? Videos);

/// <summary>GET /users/me/notification-subscriptions: an account the caller gets notices from, since it first turned one on.</summary>
public sealed record NotificationSubscriptionItem(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsPrivate,
    DateTimeOffset Since, bool Posts, bool Stories, bool Reels, bool Videos);
