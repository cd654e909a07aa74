using Dapper;
using Fowergram.Features.Highlights;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Deleting a story (it also leaves every highlight): by its owner (StoriesApi: restorable for Stories:RestoreWindow), or by a
/// moderator acting on a report (no actor; final).
/// </summary>
public sealed class StoryTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["story"];

    // A story its owner deleted and could still restore: made final (the owner's deletion raised story.deleted already), and
    // its places in highlights forgotten, as nothing brings it back now.
    private const string Finalise = """
        WITH final AS (
            UPDATE stories SET restorable_until = NULL WHERE id = @id AND restorable_until > @now RETURNING id
        ), forgotten AS (
            DELETE FROM deleted_highlight_stories d USING final f WHERE d.story_id = f.id
        )
        SELECT id FROM final
        """;

    /// <summary>
    /// Soft delete of the owner's story, expired or not, restorable until <paramref name="restorableUntil"/> (the owner's
    /// deletion) or final (null); false when it is deleted already.
    /// </summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid storyId,
        Guid ownerId, DateTimeOffset now, CancellationToken ct, DateTimeOffset? restorableUntil = null)
    {
        // The owner's highlight lock first, as every highlight write takes it before any row: leaving the highlights clears a
        // cover (the highlight's row) while holding the story's, and an add of the story holding the highlight's row and
        // waiting for the story's deadlocked it, as did a highlight's deletion cascading to the link being unlinked.
        await conn.ExecuteAsync(new CommandDefinition(HighlightsSql.LockOwner, new { caller = ownerId }, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(StoriesSql.Delete,
                new { id = storyId, caller = ownerId, now, restorableUntil }, tx, cancellationToken: ct)) is null) return false;
        await conn.ExecuteAsync(new CommandDefinition(StoriesSql.LeaveHighlights, new { id = storyId, now }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Deleted, actor,
            new StoryDeletedEvent(storyId, ownerId, StoryEvents.EntityType, storyId), ct);
        return true;
    }

    /// <summary>
    /// A reported story goes for good; one its owner deleted and could still restore is made final, with no second event, so
    /// deleting a reported story and restoring it once the report is closed gets round nothing. The owner is read without a
    /// lock: a deletion of the owner's committing meanwhile leaves the delete nothing, and that deletion is made final instead.
    /// </summary>
    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await Owners.OfLiveAsync(conn, tx, "stories", targetId, ct) is { } owner && await RemoveAsync(conn, tx, time, null, targetId, owner, now, ct))
            return Takedown.Removed;
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Finalise, new { id = targetId, now }, tx, cancellationToken: ct)) is not null
            ? Takedown.Finalised
            : Takedown.Gone;
    }
}
