using Npgsql;

namespace Fowergram.Platform.Moderation;

/// <summary>
/// One area's way of bringing back content a moderator took down, when its owner appeals and a moderator reverses the
/// removal (docs/moderation.md "Removed content and appeals"). Only kinds that have one can be appealed. The removed
/// thing's stored objects are held from the takedown to the end of the appeal window, and while an appeal is open, so
/// that reversing finds it whole; every method runs in the caller's transaction.
/// </summary>
public interface IReinstatement
{
    /// <summary>The report target type (<c>reports.target_type</c>) this brings back.</summary>
    string TargetType { get; }

    /// <summary>
    /// When the thing would have ended by itself had nobody removed it (a note's day): its removal may be appealed only until
    /// then, since past it there is nothing left to bring back to anyone. Null for a thing that lasts. Asked after the takedown.
    /// </summary>
    Task<DateTimeOffset?> EndsAtAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        Task.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// Whether the removed thing is still there to bring back, for the owner's list (<c>canAppeal</c>): false when something
    /// other than time took it meanwhile (a note its author's next note replaced). Read-only; an appeal checks again under
    /// its lock (<see cref="KeepAsync"/>).
    /// </summary>
    Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) => Task.FromResult(true);

    /// <summary>Keeps the objects of the thing just taken down until <paramref name="until"/> (the appeal window's end).</summary>
    Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Keeps the objects until the appeal is decided (its owner just appealed). False when the hold has ended already and
    /// the clean-up may be taking them: the appeal is then refused.
    /// </summary>
    Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Lets the objects go now (the removal was upheld): the clean-up deletes them at its next run.</summary>
    Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Brings the thing back as it was before the takedown, with the events its owner restoring it would raise (no actor).
    /// False, changing nothing, when it cannot come back: its objects are gone or its owner's account is deleted.
    /// </summary>
    Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct);
}
