using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>A reported post removed by a moderator: the author's soft delete (post.deleted: feeds, hashtag counts and the media clean-up follow).</summary>
public sealed class PostTakedown(TimeProvider time) : ITakedown
{
    private const string Remove = """
        UPDATE posts SET deleted_at = @now, updated_at = @now WHERE id = @postId AND deleted_at IS NULL
        RETURNING user_id, created_at
        """;

    public IReadOnlyCollection<string> TargetTypes { get; } = ["post"];

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<(Guid UserId, DateTimeOffset CreatedAt)>(new CommandDefinition(Remove,
            new { postId = targetId, now }, tx, cancellationToken: ct))).ToList();
        foreach (var post in gone)
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Deleted, null, PostEvent.Of(targetId, post.UserId, post.CreatedAt), ct);
        return gone.Count > 0;
    }
}
