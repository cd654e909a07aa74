using Dapper;
using Fowergram.Features.Stories;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Replying to a story (docs/messages.md "Replies", migration 0126): POST /stories/{id}/replies sends the story's author a
/// direct message of type story_reply that shows the story it answers (while the reader may still see it), through
/// <see cref="DirectReplies"/>. Only a live story the caller may see (its audience, blocks) can be answered.
/// </summary>
public sealed class StoryRepliesApi(NpgsqlDataSource db, AccessTokens tokens, MessagesApi messages, TimeProvider time, IdempotentRequests idempotency)
{
    private static readonly string Author = $"SELECT s.user_id FROM stories s WHERE s.id = @storyId AND {StoryReadSql.LiveAndVisible}";

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Reply(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => ReplyOnce(request, id, ct), ct);

    private async Task<IResult> ReplyOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (text, problem) = await DirectReplies.ReadTextAsync(db, request, ct);
        if (problem is not null) return problem;
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        // Asked first, so a reply the author does not take is refused before any row is read for it; the switch is held and
        // checked again where the message is written.
        if (await StoryReplyAudience.RefusalAsync(conn, null, storyId, caller.UserId, Timestamps.Now(time), StoryAnswer.Reply, ct) is { } refused) return refused;
        return await DirectReplies.SendAsync(conn, messages, time, caller.UserId, "story", "story_reply", text!, async (tx, now) =>
            await AuthorAsync(conn, tx, storyId, caller.UserId, now, ct) is { } author ? new ReplyTarget(author, SharedStoryId: storyId) : null, ct,
            admit: async (tx, now) => await StoryReplyAudience.RefusalAsync(conn, tx, storyId, caller.UserId, now, StoryAnswer.Reply, ct)
                ?? (await AuthorAsync(conn, tx, storyId, caller.UserId, now, ct) is null ? Problems.NotFound("story") : null));
    }

    /// <summary>The story's author, while the story is live and <paramref name="viewer"/> may see it.</summary>
    private static Task<Guid?> AuthorAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid storyId, Guid viewer, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Author, new { storyId, viewer, now }, tx, cancellationToken: ct));
}
