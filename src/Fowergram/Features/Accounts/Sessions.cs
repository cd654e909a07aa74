using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// A session is a family of refresh tokens descended from one login. Each refresh rotates the token;
/// replaying a rotated token after the grace window — or one already pruned, known by its family's key
/// (<see cref="RefreshTokenKeys"/>) — is taken as theft and ends the whole family.
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
        IssueAsync(conn, tx, userId, username, Ids.New(time), RefreshTokenKeys.NewFamilyKey(), null, device, null, ct);

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

    /// <summary>
    /// Ends one of the caller's sessions; false when it is not theirs, or not live; null when the caller's own session has
    /// ended (<see cref="HoldLiveAsync"/>: a session the owner just ended must not end the owner's others in its last seconds).
    /// </summary>
    public async Task<bool?> EndAsync(Caller caller, Guid familyId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await HoldLiveAsync(conn, tx, caller, ct)) return null;
        var revoked = await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamilyOfUser,
            new { userId = caller.UserId, familyId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        ended.Invalidate();
        return revoked > 0;
    }

    /// <summary>
    /// Ends every session of the caller but the one its token belongs to (all of them for a token naming none); false, and
    /// nothing ended, when the caller's own session has ended.
    /// </summary>
    public async Task<bool> EndOthersAsync(Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await HoldLiveAsync(conn, tx, caller, ct)) return false;
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeOthersOfUser,
            new { userId = caller.UserId, current = caller.SessionId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        ended.Invalidate();
        return true;
    }

    /// <summary>The next pair, or null for any token that may not be used (unknown, expired, revoked, rotated, account gone).</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        if (!SecretToken.IsWellFormed(refreshToken)) return null;
        var tokenHash = SecretToken.Hash(refreshToken);
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Taken before the claim, so that an ending of the session waits for the new token and takes it too (or wins, and the claim finds none).
        await LockTokenOwnerAsync(conn, tx, refreshToken, tokenHash, ct);
        var claimed = await conn.QuerySingleOrDefaultAsync<ClaimedToken>(new CommandDefinition(
            SessionsSql.Claim, new { tokenHash, now }, tx, cancellationToken: ct));
        if (claimed is not null)
        {
            var familyKey = claimed.HasFamilyKey ? RefreshTokenKeys.FamilyKeyOf(refreshToken) : RefreshTokenKeys.NewFamilyKey();
            var pair = await IssueAsync(conn, tx, claimed.UserId, claimed.Username, claimed.FamilyId, familyKey, claimed.Id, claimed.Device, claimed.FamilyStartedAt, ct);
            await tx.CommitAsync(ct);
            return pair;
        }

        var stolen = await StolenFamilyAsync(conn, tx, refreshToken, tokenHash, now, ct);
        if (stolen is { } familyId)
            await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamily, new { familyId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (stolen is not null) ended.Invalidate(); // the thief's access token goes with the family
        return null;
    }

    /// <summary>
    /// The family a refused token betrays: a rotated token replayed after the grace window, or a token under no hash whose
    /// family key a live family carries (its row was pruned; only a holder of one of the family's tokens knows the key).
    /// </summary>
    private async Task<Guid?> StolenFamilyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string refreshToken, string tokenHash,
        DateTimeOffset now, CancellationToken ct)
    {
        var stored = await conn.QuerySingleOrDefaultAsync<StoredToken>(new CommandDefinition(
            SessionsSql.Find, new { tokenHash }, tx, cancellationToken: ct));
        if (stored is not null)
        {
            if (stored is not { RotatedAt: { } rotatedAt, RevokedAt: null } || now - rotatedAt <= Options.RefreshReuseGraceWindow) return null;
            logger.LogWarning("Rotated refresh token {TokenId} was replayed; revoked session family {FamilyId}", stored.Id, stored.FamilyId);
            return stored.FamilyId;
        }
        var familyKeyHash = RefreshTokenKeys.Hash(RefreshTokenKeys.FamilyKeyOf(refreshToken));
        var family = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            SessionsSql.FamilyOfKey, new { familyKeyHash }, tx, cancellationToken: ct));
        if (family is not null)
            logger.LogWarning("A pruned refresh token of session family {FamilyId} was replayed; revoked the family", family);
        return family;
    }

    /// <summary>
    /// Ends the session the token belongs to — any token of it, an old one whose row was pruned too (by the family's key).
    /// Unknown tokens are ignored, so logout is no oracle.
    /// </summary>
    public async Task EndAsync(string refreshToken, CancellationToken ct)
    {
        if (!SecretToken.IsWellFormed(refreshToken)) return;
        var tokenHash = SecretToken.Hash(refreshToken);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockTokenOwnerAsync(conn, tx, refreshToken, tokenHash, ct);
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeFamilyOfToken, new
        {
            tokenHash, familyKeyHash = RefreshTokenKeys.Hash(RefreshTokenKeys.FamilyKeyOf(refreshToken)), now = time.GetUtcNow(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        ended.Invalidate();
    }

    /// <summary>
    /// Ends every session of the account inside the caller's transaction. Its access tokens are refused once the
    /// instances read the list again (<see cref="EndedSessions"/>): a request between this and the commit may read it
    /// without them, so a caller that wants this instance to refuse them at once calls <see cref="Ended"/> after committing.
    /// </summary>
    public async Task EndAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct)
    {
        await LockUserAsync(conn, tx, userId, ct);
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.RevokeAllOfUser, new { userId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        ended.Invalidate();
    }

    /// <summary>
    /// For a write that must not outlive the caller's session (a passkey added with it, other sessions ended by it): false when
    /// the session named by the token has ended. Holds the account's sessions lock (<see cref="SessionsSql.LockSessionsOfUser"/>)
    /// until <paramref name="tx"/> ends, so an ending in flight (a logout, a password change) commits first and is seen here,
    /// or waits for the write and ends the session after it. The access token alone cannot tell: the list of ended sessions
    /// is up to Auth:SessionCheckInterval old on other instances (EndedSessions). A token that names no session (tools,
    /// tests) has none to check; the lock is held all the same.
    /// </summary>
    public async Task<bool> HoldLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, CancellationToken ct)
    {
        await LockUserAsync(conn, tx, caller.UserId, ct);
        if (caller.SessionId is not { } familyId) return true;
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SessionsSql.IsLive,
            new { familyId, userId = caller.UserId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
    }

    /// <summary>Sessions were ended in a transaction that has now committed: this instance reads the ended list again.</summary>
    public void Ended() => ended.Invalidate();

    /// <summary>Rotations and endings of the account's sessions take turns (<see cref="SessionsSql.LockSessionsOfUser"/>).</summary>
    private static Task LockUserAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(SessionsSql.LockSessionsOfUser, new { userId }, tx, cancellationToken: ct));

    private static Task LockTokenOwnerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string refreshToken, string tokenHash, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(SessionsSql.LockSessionsOfToken,
            new { tokenHash, familyKeyHash = RefreshTokenKeys.Hash(RefreshTokenKeys.FamilyKeyOf(refreshToken)) }, tx, cancellationToken: ct));

    private async Task<TokenPair> IssueAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, string username,
        Guid familyId, byte[] familyKey, Guid? predecessor, string? device, DateTimeOffset? familyStartedAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var startedAt = familyStartedAt ?? now; // a rotation carries its family's start on; a login starts one
        var id = Ids.New(time);
        var refreshToken = RefreshTokenKeys.NewToken(familyKey);
        var expiresAt = now + Options.RefreshTokenLifetime;
        await conn.ExecuteAsync(new CommandDefinition(SessionsSql.Insert,
            new { id, userId, familyId, tokenHash = SecretToken.Hash(refreshToken), now, expiresAt, device, startedAt,
                familyKeyHash = RefreshTokenKeys.Hash(familyKey) }, tx, cancellationToken: ct));
        if (predecessor is { } previous)
            await conn.ExecuteAsync(new CommandDefinition(SessionsSql.LinkSuccessor, new { id = previous, successor = id }, tx, cancellationToken: ct));
        var access = accessTokens.Issue(userId, username, familyId);
        return new TokenPair(access.Token, access.ExpiresAt, refreshToken, expiresAt);
    }
}
