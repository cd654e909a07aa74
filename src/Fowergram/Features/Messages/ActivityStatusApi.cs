using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The caller's activity status switch (docs/messages.md "Activity status", migration 0112): GET reads it with the
/// caller's own last activity, PUT turns it on or off. Off, the caller's activity is shown to nobody and, as on Instagram,
/// the caller sees nobody's.
/// </summary>
public sealed class ActivityStatusApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Read = """
        SELECT u.show_activity_status AS visible, (SELECT p.last_active_at FROM account_presence p WHERE p.user_id = u.id) AS last_active_at
          FROM users u WHERE u.id = @viewer AND u.is_active AND u.deleted_at IS NULL
        """;

    private static readonly UserSetting Setting = new("show_activity_status", "visible");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<ActivityStatusView>(db, Read, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (visible, error) = await AccountSwitches.ReadAsync(request, ct);
        if (error is not null) return error;
        return await OwnSettings.PutAsync<ActivityStatusView>(db, Setting.Write, new { viewer = caller.UserId, value = visible, now = Timestamps.Now(time) },
            Read, caller.UserId, ct);
    }
}

/// <summary>Whether the caller shows their activity status, and when they were last active (null before the first write of it).</summary>
public sealed record ActivityStatusView(bool Visible, DateTimeOffset? LastActiveAt);
