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
    private static readonly UserSetting Setting = new("show_read_receipts", "visible");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<ReadReceiptsView>(db, Setting, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (visible, error) = await AccountSwitches.ReadAsync(request, ct);
        if (error is not null) return error;
        return await OwnSettings.PutAsync<ReadReceiptsView, bool>(db, Setting, visible, caller.UserId, Timestamps.Now(time), ct);
    }
}

/// <summary>Whether the caller shows others how far they have read.</summary>
public sealed record ReadReceiptsView(bool Visible);
