using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// A read's "not found" for a token whose account is gone (deleted or deactivated since; docs/accounts.md "Sessions"): the
/// visibility rules already show a gone viewer nothing (can_view_profile, PostAccess), so such a read ends in a 404, and
/// one primary-key probe on the way to that 404 tells the account's 401 from a hidden thing's 404. A read that is served
/// pays nothing for it.
/// </summary>
public static class GoneCaller
{
    public static async Task<IResult> NotFoundAsync(NpgsqlConnection conn, Guid? viewer, string what, CancellationToken ct) =>
        viewer is { } id && !await People.IsLiveAsync(conn, null, id, ct) ? Problems.AccountGone() : Problems.NotFound(what);

    /// <summary>
    /// The account's 401 when a shared read guarded by <see cref="LiveCaller.GuestOrLive"/> came back <paramref name="empty"/>
    /// for a token whose account is gone; null (serve the answer) otherwise. Only an empty answer pays the probe.
    /// </summary>
    public static async Task<IResult?> EmptyAsync(NpgsqlConnection conn, Guid? viewer, bool empty, CancellationToken ct) =>
        empty && viewer is { } id && !await People.IsLiveAsync(conn, null, id, ct) ? Problems.AccountGone() : null;
}
