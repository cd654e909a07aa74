using Dapper;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Media;

/// <summary>
/// Releases every used upload of a purged account (posts, stories, messages, profile photo), so media-cleanup
/// deletes the objects; the account's row goes only once none is left. Pending ones expire and are
/// deleted as any other. Uploads released as of a later time (a recently deleted reel's, docs/reels.md) are released now.
/// </summary>
public sealed class UploadsPurgeStep : IAccountPurgeStep
{
    private const string Release = """
        UPDATE uploads SET released_at = @now
         WHERE id IN (SELECT id FROM uploads WHERE user_id = @userId AND status = 'used' AND (released_at IS NULL OR released_at > @now) LIMIT @limit)
           AND (released_at IS NULL OR released_at > @now)
        """;

    public string Name => "uploads";

    public Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Release, new { userId, limit, now }, tx, cancellationToken: ct));
}
