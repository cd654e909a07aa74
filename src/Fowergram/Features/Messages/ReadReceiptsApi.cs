using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The caller's read receipts switch (docs/messages.md "Read receipts", migration 0124): off, the other members of the
/// caller's threads no longer see how far the caller has read. As on Instagram it is not mutual: the caller still sees
/// theirs. The caller's own unread counts are unchanged.
/// </summary>
public sealed class ReadReceiptsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Read = "SELECT show_read_receipts AS visible FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    private static readonly string Set = AccountSwitches.Set("show_read_receipts");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<ReadReceiptsView>(db, Read, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (visible, error) = await AccountSwitches.ReadAsync(request, ct);
        if (error is not null) return error;
        return await OwnSettings.PutAsync<ReadReceiptsView>(db, Set, new { viewer = caller.UserId, visible, now = Timestamps.Now(time) }, Read,
            caller.UserId, ct);
    }
}

/// <summary>Whether the caller shows others how far they have read.</summary>
public sealed record ReadReceiptsView(bool Visible);
