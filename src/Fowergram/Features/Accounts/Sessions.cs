using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// A session is a family of refresh tokens descended from one login. Each refresh rotates the token;
/// replaying a rotated token after the grace window is taken as theft and ends the whole family.
/// </summary>
public sealed class Sessions(NpgsqlDataSource db, AccessTokens accessTokens, EndedSessions ended, IOptions<AuthOptions> options,
    TimeProvider time, ILogger<Sessions> logger)
{
    private AuthOptions Options => options.Value;

    /// <summary>
    /// Opens a new family for a fresh login, registration or password change, inside the caller's transaction; the device
    /// is what the client calls itself (its User-Agent, <see cref="DeviceOf"/>).
    /// </summary>
    public Task<TokenPair> StartAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, string username, string? device, CancellationToken ct) =>
        IssueAsync(conn, tx, userId, username, Ids.New(time), null, device, null, ct);

    /// <summary>The request's User-Agent, cut to what refresh_tokens.device holds; null when there is none.</summary>
    public static string? DeviceOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString().Trim();
        return agent.Length == 0 ? null : agent.Length <= DeviceMaxLength ? agent : agent[..DeviceMaxLength];
    }

    public const int DeviceMaxLength = 200;

    /// <summary>The caller's live sessions, most recently used first (at most 100).</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SessionRow>(new CommandDefinition(SessionsSql.Live,
            new { userId = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        return rows.Select(r => new SessionView(r.Id, r.Device, r.StartedAt, r.LastActiveAt, r.ExpiresAt, r.Id == caller.SessionId)).ToList();
    }

    /// <summary>Ends one of the caller's sessions; false when it is not theirs, or not live.</summary>
    public async Task<bool> EndAsync(Guid userId, Guid familyId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var revoked = await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamilyOfUser,
            new { userId, familyId, now = time.GetUtcNow() }, cancellationToken: ct));
        ended.Invalidate();
        return revoked > 0;
    }

    /// <summary>Ends every session of the caller but the one its token belongs to (all of them for a token naming none).</summary>
    public async Task EndOthersAsync(Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeOthersOfUser,
            new { userId = caller.UserId, current = caller.SessionId, now = time.GetUtcNow() }, cancellationToken: ct));
        ended.Invalidate();
    }

    /// <summary>The next pair, or null for any token that may not be used (unknown, expired, revoked, rotated, account gone).</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        if (!SecretToken.IsWellFormed(refreshToken)) return null;
        var tokenHash = SecretToken.Hash(refreshToken);
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claimed = await conn.QuerySingleOrDefaultAsync<ClaimedToken>(new CommandDefinition(
            SessionsSql.Claim, new { tokenHash, now }, tx, cancellationToken: ct));
        if (claimed is not null)
        {
            var pair = await IssueAsync(conn, tx, claimed.UserId, claimed.Username, claimed.FamilyId, claimed.Id, claimed.Device, claimed.FamilyStartedAt, ct);
            await tx.CommitAsync(ct);
            return pair;
        }

        var stored = await conn.QuerySingleOrDefaultAsync<StoredToken>(new CommandDefinition(
            SessionsSql.Find, new { tokenHash }, tx, cancellationToken: ct));
        var theft = stored is { RotatedAt: { } rotatedAt, RevokedAt: null } && now - rotatedAt > Options.RefreshReuseGraceWindow;
        if (theft)
        {
            await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamily, new { stored!.FamilyId, now }, tx, cancellationToken: ct));
            logger.LogWarning("Rotated refresh token {TokenId} was replayed; revoked session family {FamilyId}", stored.Id, stored.FamilyId);
        }
        await tx.CommitAsync(ct);
        if (theft) ended.Invalidate(); // the thief's access token goes with the family
        return null;
    }

    /// <summary>Ends the session the token belongs to. Unknown tokens are ignored, so logout is no oracle.</summary>
    public async Task EndAsync(string refreshToken, CancellationToken ct)
    {
        if (!SecretToken.IsWellFormed(refreshToken)) return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamilyOfToken,
            new { tokenHash = SecretToken.Hash(refreshToken), now = time.GetUtcNow() }, cancellationToken: ct));
        ended.Invalidate();
    }

    /// <summary>
    /// Ends every session of the account inside the caller's transaction. Its access tokens are refused once the
    /// instances read the list again (<see cref="EndedSessions"/>): a request between this and the commit may read it
    /// without them, so a caller that wants this instance to refuse them at once calls <see cref="Ended"/> after committing.
    /// </summary>
    public async Task EndAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeAllOfUser, new { userId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        ended.Invalidate();
    }

    /// <summary>Sessions were ended in a transaction that has now committed: this instance reads the ended list again.</summary>
    public void Ended() => ended.Invalidate();

    private async Task<TokenPair> IssueAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, string username,
        Guid familyId, Guid? predecessor, string? device, DateTimeOffset? familyStartedAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var startedAt = familyStartedAt ?? now; // a rotation carries its family's start on; a login starts one
        var id = Ids.New(time);
        var refreshToken = SecretToken.New();
        var expiresAt = now + Options.RefreshTokenLifetime;
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.Insert,
            new { id, userId, familyId, tokenHash = SecretToken.Hash(refreshToken), now, expiresAt, device, startedAt }, tx, cancellationToken: ct));
        if (predecessor is { } previous)
            await conn.ExecuteAsync(new CommandDefinition(SessionsSql.LinkSuccessor, new { id = previous, successor = id }, tx, cancellationToken: ct));
        var access = accessTokens.Issue(userId, username, familyId);
        return new TokenPair(access.Token, access.ExpiresAt, refreshToken, expiresAt);
    }
}
