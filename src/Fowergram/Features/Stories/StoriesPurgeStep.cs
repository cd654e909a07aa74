using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A purged account's stories that joined an "add yours" chain (story.deleted, no actor): story-counters recounts each chain,
/// which other accounts may have started, so its storyCount drops them as the owner's own deletion would. The account's other
/// stories are nobody else's count and go with the final cascade (docs/accounts.md "Deleting an account").
/// </summary>
public sealed class StoriesPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    // The outer deleted_at test is checked again after a concurrent run's update: each story is deleted (and raised) once.
    private const string DeleteChainStories = """
        UPDATE stories SET deleted_at = @now
         WHERE id IN (SELECT id FROM stories WHERE user_id = @userId AND add_yours_prompt_id IS NOT NULL AND deleted_at IS NULL LIMIT @limit)
           AND deleted_at IS NULL
        RETURNING id
        """;

    // Its stories in "Recently deleted" are made final and the holds on its taken-down ones end: nothing of the account
    // comes back after its purge.
    private const string FinaliseRestorable = """
        UPDATE stories SET restorable_until = NULL, media_held_until = NULL
         WHERE id IN (SELECT id FROM stories WHERE user_id = @userId AND (restorable_until IS NOT NULL OR media_held_until IS NOT NULL) LIMIT @limit)
        """;

    public string Name => "stories";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var stories = (await conn.QueryAsync<Guid>(new CommandDefinition(DeleteChainStories, new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, StoryEvents.Deleted, null,
            stories.Select(id => new StoryDeletedEvent(id, userId, StoryEvents.EntityType, id)).ToList(), ct);
        if (stories.Count > 0) return stories.Count;
        return await conn.ExecuteAsync(new CommandDefinition(FinaliseRestorable, new { userId, limit }, tx, cancellationToken: ct));
    }
}
