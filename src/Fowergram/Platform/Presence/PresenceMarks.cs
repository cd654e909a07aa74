using System.Collections.Concurrent;

namespace Fowergram.Platform.Presence;

/// <summary>
/// Who made a request lately, noted in memory by every authenticated request (<see cref="Auth.CallerExtensions"/>) and
/// written in batches by <see cref="PresenceWriter"/> (docs/messages.md "Activity status"). An account is queued at most
/// once per <see cref="Resolution"/> on this instance, so a busy client costs one row write a minute, not one per request.
/// </summary>
public sealed class PresenceMarks(TimeProvider time)
{
    /// <summary>How stale a written mark may be: "active now" is judged in minutes, never in seconds.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the memory of accounts seen; past it the memory starts over (at worst one extra write each).</summary>
    private const int Remembered = 100_000;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _queuedAt = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    public bool HasPending => !_pending.IsEmpty;

    /// <summary>Notes that the account was active now, unless it was noted within <see cref="Resolution"/>.</summary>
    public void Seen(Guid userId)
    {
        var now = time.GetUtcNow();
        if (_queuedAt.TryGetValue(userId, out var at) && now - at < Resolution && now >= at) return;
        if (_queuedAt.Count >= Remembered) _queuedAt.Clear();
        _queuedAt[userId] = now;
        _pending[userId] = now;
    }

    /// <summary>Takes every pending mark: each is written once, by whoever takes it.</summary>
    public IReadOnlyList<(Guid UserId, DateTimeOffset At)> Take()
    {
        var taken = new List<(Guid, DateTimeOffset)>();
        foreach (var userId in _pending.Keys)
            if (_pending.TryRemove(userId, out var at)) taken.Add((userId, at));
        return taken;
    }
}
