using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>A message, and the reel or long-form video it carries (if any).</summary>
public sealed record SharedThing(Guid Id, Guid? SharedReelId, Guid? SharedVideoId);

/// <summary>
/// A message sent or removed that carries a reel or a video changes that reel's or video's share count: reel-counters and
/// igtv-counters recount it from the messages that still carry it (reel.shared / reel.unshared, igtv_video.shared /
/// igtv_video.unshared). Posts and stories keep no share count.
/// </summary>
internal static class MessageShares
{
    /// <param name="actor">The sender; null in a purge.</param>
    /// <param name="removed">The messages were unsent or purged rather than sent.</param>
    public static async Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor,
        IReadOnlyList<SharedThing> messages, bool removed, CancellationToken ct)
    {
        var reels = messages.Where(m => m.SharedReelId is not null).Select(m => ReelShareEvent.Of(m.SharedReelId!.Value, m.Id)).ToList();
        var videos = messages.Where(m => m.SharedVideoId is not null).Select(m => VideoShareEvent.Of(m.SharedVideoId!.Value, m.Id)).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, removed ? ReelEvents.Unshared : ReelEvents.Shared, actor, reels, ct);
        await Outbox.EnqueueManyAsync(conn, tx, time, removed ? VideoEvents.Unshared : VideoEvents.Shared, actor, videos, ct);
    }
}
