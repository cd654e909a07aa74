using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The caller's trusted devices (docs/accounts.md "Trusted devices"): the list, forgetting one, forgetting all. A forgotten
/// device is asked for the code at its next login; its sessions go on (ending them is the sessions routes'). Forgetting is
/// not refused to a token whose account is gone: a sign-in restores a deleted account within its grace, and taking a way
/// in away is the owner's retreat, never harm (docs/accounts.md "Sessions").
/// </summary>
public sealed class TrustedDevicesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = await conn.QueryAsync<TrustedDeviceView>(new CommandDefinition(TrustedDevices.List,
            new { userId = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return Api.Ok(new TrustedDeviceList(items.ToList()));
    }

    /// <summary>204; 404 for a device that is not the caller's (or already forgotten).</summary>
    public async Task<IResult> Forget(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var deviceId)) return Problems.NotFound("trusted device");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(TrustedDevices.Forget, new { userId = caller.UserId, id = deviceId }, cancellationToken: ct)) == 1
            ? Api.NoContent()
            : Problems.NotFound("trusted device");
    }

    /// <summary>Every trusted device of the caller's is forgotten (204, also when there were none).</summary>
    public async Task<IResult> ForgetAll(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await TrustedDevices.ForgetAllAsync(conn, null, caller.UserId, ct);
        return Api.NoContent();
    }
}

/// <summary>A device that skips the two-factor code: what the client called itself, when trusted, last used and until when.</summary>
public sealed record TrustedDeviceView(Guid Id, string? Device, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt);

public sealed record TrustedDeviceList(IReadOnlyList<TrustedDeviceView> Items);
