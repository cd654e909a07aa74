using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// The @mentions of a caption or comment: each account the writer may involve (People.ResolveAsync: live, no block) gets a
/// user.mentioned event, which reel-notifications turns into a 'mention' notice. Reels keep no mention rows (the data model
/// has none for reels), so an edited caption raises its mentions again; the consumer never writes the same notice twice.
/// </summary>
internal static class ReelMentions
{
    public static async Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid writerId, Guid reelId, Guid? commentId,
        string text, CancellationToken ct)
    {
        var mentioned = await People.ResolveAsync(conn, tx, writerId, CaptionText.Parse(text).Mentions, Involvement.Mention, ct);
        foreach (var userId in mentioned.Values.Distinct().Where(id => id != writerId))
            await Outbox.EnqueueAsync(conn, tx, time, ReelMentionEvent.Type, writerId, ReelMentionEvent.Of(userId, reelId, commentId), ct);
    }
}
