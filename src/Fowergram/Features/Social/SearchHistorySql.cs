using Fowergram.Features.Hashtags;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Person = Fowergram.Platform.Content.UserSummary;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>Recent searches (search_history, 0008): what a user picked from search results, newest first.</summary>
internal static class SearchHistorySql
{
    /// <summary>The most entries kept per user; recording one more drops the oldest.</summary>
    public const int Kept = 50;

    /// <summary>Each entry beside what it names now (an account or a hashtag). Declared first: static fields initialise in order.</summary>
    private const string Resolved = """
        search_history sh
        LEFT JOIN users u ON sh.search_type = 'user' AND u.id = sh.clicked_result_id
        LEFT JOIN hashtags h ON sh.search_type = 'hashtag' AND h.id = sh.clicked_result_id
        """;

    /// <summary>What the list shows: a place always, an account while it is live and no block stands either way, a hashtag while it exists.</summary>
    private static readonly string Shown = $"""
        (sh.search_type <> 'user' OR (u.id IS NOT NULL AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}))
        AND (sh.search_type <> 'hashtag' OR h.id IS NOT NULL)
        """;

    /// <summary>Serialises one user's recordings (so a repeated pick never leaves two rows) and checks the account is live.</summary>
    public const string LockUser = "SELECT true FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active FOR NO KEY UPDATE";

    /// <summary>An account the viewer may find: live, no block either way (the profile rule).</summary>
    public static readonly string FindUser = $"""
        SELECT u.id, u.username, u.full_name AS fullname, u.avatar, u.is_verified AS isverified FROM users u
        WHERE lower(u.username) = @term AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
        """;

    /// <summary>
    /// A hashtag the viewer may know of: one with a use it may see, the rule of the tag's page (HashtagsSql.UsedVisiblyFor).
    /// A tag only accounts hidden from it used is an unknown tag (404): until session 56 any existing tag was recorded, so the
    /// 201 told that somebody used it.
    /// </summary>
    public static readonly string FindHashtag =
        $"SELECT h.id FROM hashtags h WHERE h.name = normalize(@term, NFC) AND {HashtagsSql.UsedVisiblyFor("h.id")}";

    /// <summary>The same pick made before (the same account or hashtag, or the same place whatever its case) goes: it moves to the top.</summary>
    public const string DropSame = """
        DELETE FROM search_history
        WHERE user_id = @viewer AND search_type = @type
          AND (clicked_result_id = @resultId OR (@resultId::uuid IS NULL AND lower(search_term) = lower(@term)))
        """;

    public const string Insert = """
        INSERT INTO search_history (id, user_id, search_type, search_term, clicked_result_id, created_at)
        VALUES (@id, @viewer, @type, @term, @resultId, @now)
        """;

    /// <summary>
    /// Keeps the newest <see cref="Kept"/> entries the list shows, and nothing else: an entry the list hides (an account
    /// since blocked either way, deleted or disabled, a hashtag gone) does not take a place among the fifty, and goes here,
    /// so that a visible entry is never dropped for one the owner cannot see (until 2026-12-07 hidden entries counted).
    /// </summary>
    public static readonly string TrimToKept = $"""
        DELETE FROM search_history
        WHERE user_id = @viewer
          AND id NOT IN (SELECT sh.id FROM {Resolved} WHERE sh.user_id = @viewer AND {Shown} ORDER BY sh.created_at DESC, sh.id DESC LIMIT {Kept})
        """;

    /// <summary>
    /// Newest first. Accounts and hashtags show as they are now (a renamed account under its new name); an account
    /// since deleted, disabled or blocked either way, or a hashtag gone, is left out at read time.
    /// </summary>
    public static readonly string Page = $"""
        SELECT sh.id, sh.search_type AS type, sh.created_at,
               CASE sh.search_type WHEN 'user' THEN u.username WHEN 'hashtag' THEN h.name ELSE sh.search_term END AS term,
               u.id AS user_id, u.full_name AS user_full_name, u.avatar AS user_avatar, u.is_verified AS user_is_verified
        FROM {Resolved}
        WHERE sh.user_id = @viewer AND {Shown}
          AND {KeysetSql.Older("sh.created_at", "sh.id")}
        ORDER BY sh.created_at DESC, sh.id DESC LIMIT @take
        """;

    // Nothing for an owner whose account is gone (LiveCaller).
    public static readonly string DeleteOne = LiveCaller.Guarded("@viewer", $"DELETE FROM search_history WHERE id = @id AND user_id = @viewer AND {LiveCaller.IsLive}");

    public static readonly string DeleteAll = LiveCaller.Guarded("@viewer", $"DELETE FROM search_history WHERE user_id = @viewer AND {LiveCaller.IsLive}");
}

internal sealed class SearchHistoryRow
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public string Term { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? UserId { get; init; }
    public string? UserFullName { get; init; }
    public string? UserAvatar { get; init; }
    public bool? UserIsVerified { get; init; }

    public RecentSearch ToItem() => new(Id, Type, Term,
        UserId is { } id ? new Person(id, Term, UserFullName ?? "", UserAvatar, UserIsVerified ?? false) : null,
        CreatedAt);
}
