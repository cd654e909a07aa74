using Npgsql;

namespace Fowergram.Platform.Moderation;

/// <summary>
/// One area's part of an account going away while others may be with it live: suspended (Moderation's Suspensions) or
/// deleting itself (Accounts' AccountDeletionApi). Both run every registered departure in their own transaction, right after
/// marking the account, as they reach the account's own content through <see cref="ITakedown"/>: neither depends on the
/// areas, and an area adds its part without either changing. What a departure ends is the account's place in other
/// accounts' things (a guest on another broadcast's air); its own content is the takedowns' (a suspension) or stays for a
/// restore (a deletion). Runs before either takes anything down, so that it can take the area's locks in its own order first.
/// </summary>
public interface IAccountDeparture
{
    /// <summary>Takes <paramref name="userId"/> out of other accounts' live things, in the caller's transaction.</summary>
    Task DepartAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, DateTimeOffset now, CancellationToken ct);
}
