using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>Deleting a story (it also leaves every highlight): by its owner (StoriesApi), or by a moderator acting on a report (no actor).</summary>
public sealed class StoryTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["story"];

    /// <summary>Soft delete of the owner's story, expired or not; false when it is deleted already.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid storyId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(StoriesSql.Delete,
                new { id = storyId, caller = ownerId, now }, tx, cancellationToken: ct)) is null) return false;
        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Deleted, actor,
            new StoryDeletedEvent(storyId, ownerId, StoryEvents.EntityType, storyId), ct);
        return true;
    }

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await Owners.OfLiveAsync(conn, tx, "stories", targetId, ct) is { } owner && await RemoveAsync(conn, tx, time, null, targetId, owner, now, ct);
}
