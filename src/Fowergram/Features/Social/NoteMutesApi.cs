using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// PUT/DELETE /users/{username}/mute/notes: "Mute notes" (docs/notes.md "Muting notes"). The account's notes leave the
/// caller's notes tray, nothing else changes: no unfollow, their posts and stories stay as they were, and they are not told.
/// Stored on the pair's mute (mutes.mute_notes, migration 0247) beside its posts and stories, so GET /users/me/muted lists
/// it and each route changes only its own kinds. Both idempotent (204); anyone whose profile the caller can see, as a mute.
/// </summary>
public sealed class NoteMutesApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    public Task<IResult> Mute(HttpRequest request, string username, CancellationToken ct) => ChangeAsync(request, username, mute: true, ct);

    public Task<IResult> Unmute(HttpRequest request, string username, CancellationToken ct) => ChangeAsync(request, username, mute: false, ct);

    private async Task<IResult> ChangeAsync(HttpRequest request, string username, bool mute, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // An unmute lifts the caller's own mute whatever the account's state (deactivated, blocking the caller), as DELETE /mute.
        var found = mute ? await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx)
            : await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "mutes", "muter_id", "muted_id", ct);
        if (found is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self(mute ? "mute" : "unmute");
        var args = new { me = caller.UserId, other, now = time.GetUtcNow() };
        var changed = mute
            ? await conn.QuerySingleOrDefaultAsync<MuteRow>(new CommandDefinition(MutesSql.MuteNotes, args, tx, cancellationToken: ct))
            : await UnmuteAsync(conn, tx, args, ct);
        if (changed is not null)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.MuteChanged, caller.UserId,
                new MutePayload(caller.UserId, other, changed.MutePosts, changed.MuteStories, changed.MuteNotes), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The pair's mute after the notes were unmuted, or null when they were not muted (nothing changed).</summary>
    private static async Task<MuteRow?> UnmuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object args, CancellationToken ct)
    {
        if (await conn.QuerySingleOrDefaultAsync<MuteRow>(new CommandDefinition(MutesSql.Lock, args, tx, cancellationToken: ct)) is not { MuteNotes: true } row)
            return null;
        var keepsRow = row.MutePosts || row.MuteStories;
        await conn.ExecuteAsync(new CommandDefinition(keepsRow ? MutesSql.ClearNotes : MutesSql.Delete, args, tx, cancellationToken: ct));
        return new MuteRow { MutePosts = row.MutePosts, MuteStories = row.MuteStories, MuteNotes = false };
    }
}
