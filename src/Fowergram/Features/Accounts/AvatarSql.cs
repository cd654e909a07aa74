using Fowergram.Platform.Content;

namespace Fowergram.Features.Accounts;

/// <summary>Profile photos (migration 0064): users.avatar is the published URL, avatar_upload_id the claimed upload behind it.</summary>
internal static class AvatarSql
{
    /// <summary>Locks the live account so two changes of one photo are ordered and each releases what the other set.</summary>
    public const string LockAccount = """
        SELECT avatar_upload_id FROM users WHERE id = @id AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    public const string Set = $"""
        UPDATE users SET avatar_upload_id = @uploadId, avatar = @avatar, updated_at = @now
         WHERE id = @id
        RETURNING {UsersSql.Columns}
        """;

    public const string Clear = """
        UPDATE users SET avatar_upload_id = NULL, avatar = NULL, updated_at = @now WHERE id = @id AND avatar_upload_id IS NOT NULL
        """;

    /// <summary>The photo nothing points at any more: media-cleanup deletes its object (MediaSql.ReleasedObjects).</summary>
    public const string Release = """
        UPDATE uploads SET released_at = @now WHERE id = @uploadId AND released_at IS NULL
        """;

    /// <summary>
    /// The current photo of a live account the viewer may see the profile of (guests may; blocked either way may
    /// not). A replaced photo's id finds nothing, so its old URL stops working at once. Nothing for a token whose account is
    /// gone either: the route's 404 tells that token's 401 apart (docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string Current = $"""
        SELECT up.blob_name AS object_name, up.content_type
          FROM users u
          JOIN uploads up ON up.id = u.avatar_upload_id
         WHERE u.avatar_upload_id = @uploadId AND u.is_active AND u.deleted_at IS NULL AND can_view_profile(@viewer, u.id)
           AND {LiveCaller.GuestOrLive("@viewer")}
        """;
}
