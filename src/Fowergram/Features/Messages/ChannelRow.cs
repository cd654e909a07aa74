using Fowergram.Platform.Content;

namespace Fowergram.Features.Messages;

/// <summary>A row of <see cref="ChannelsSql"/>: a channel with the caller's place in it.</summary>
internal sealed class ChannelRow
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public string OwnerUsername { get; init; } = "";
    public string OwnerFullName { get; init; } = "";
    public string? OwnerAvatar { get; init; }
    public bool OwnerIsVerified { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>owner, cohost, member, or null (a visitor).</summary>
    public string? Role { get; init; }
    public bool IsInvited { get; init; }
    public bool? IsMuted { get; init; }
    public DateTimeOffset? LastReadAt { get; init; }
    public int MemberCount { get; init; }
    public int? UnreadCount { get; init; }
    /// <summary>The list's order: when the channel entered it (lists only).</summary>
    public DateTimeOffset Since { get; init; }

    public bool IsHost => Role is "owner" or "cohost";

    public bool IsReader => Role is not null;

    public ChannelView ToView() => new(Id,
        new UserSummary(OwnerId, OwnerUsername, OwnerFullName, OwnerAvatar, OwnerIsVerified),
        Name, Description, MemberCount, CreatedAt, EndedAt, Role, IsInvited ? true : null,
        UnreadCount is { } unread ? Math.Min(unread, ChannelRules.UnreadCap) : null,
        UnreadCount > ChannelRules.UnreadCap ? true : null, Role == "member" ? IsMuted : null);
}
