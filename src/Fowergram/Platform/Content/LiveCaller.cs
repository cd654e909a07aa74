namespace Fowergram.Platform.Content;

/// <summary>
/// The check of <see cref="People.IsLiveAsync"/> as SQL, for a write of one statement that folds it in rather than paying a
/// round trip of its own (tokens outlive accounts). Such a statement answers the check too, so that a gone account gets its
/// 401 (<c>Problems.AccountGone</c>) and never a 404 or a 204.
/// </summary>
public static class LiveCaller
{
    /// <summary>True while the account named by the parameter <paramref name="caller"/> (e.g. <c>@viewer</c>) exists and is active.</summary>
    public static string Is(string caller) =>
        $"EXISTS (SELECT 1 FROM users live_caller WHERE live_caller.id = {caller} AND live_caller.deleted_at IS NULL AND live_caller.is_active)";
}
