using System.Collections.Frozen;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.Auth;

/// <summary>
/// Sessions (refresh-token families) ended within one access-token lifetime, so that an access token naming one (its
/// <c>sid</c>) is refused by <see cref="CallerExtensions.CallerOf"/> instead of living out its 15 minutes: after a logout,
/// "end this session", "log out everywhere else", a password change or a detected token theft. Each host awaits
/// <see cref="RefreshIfStaleAsync"/> before a request (Server: a middleware; Functions: a worker middleware), which reads
/// the list again once it is <see cref="AuthOptions.SessionCheckInterval"/> old; the instance that ends a session marks
/// the list stale (<see cref="Invalidate"/>), so there the token is refused from the next request on. A read that
/// fails keeps the old list and is retried an interval later: the database being down fails the request anyway.
/// </summary>
public sealed class EndedSessions(NpgsqlDataSource db, IOptions<AuthOptions> options, TimeProvider time, ILogger<EndedSessions> logger)
{
    /// <summary>refresh_tokens_revoked_recent (migration 0128). A revoked row marks its family ended: nothing un-revokes.</summary>
    private const string Recent = "SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at > @since";

    /// <summary>Instances' clocks differ a little; a family stays listed this much longer than its last token can live.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

    private readonly object _gate = new(); // re-entered when a read completes synchronously
    private FrozenSet<Guid> _ended = FrozenSet<Guid>.Empty;
    private long _freshUntil;   // Environment.TickCount64, in ms: the list is read again from then on (0: now)
    private long _generation;   // bumped by Invalidate, so a read that began before it does not count as fresh
    private Task? _reading;

    public bool IsEnded(Guid sessionId) => Volatile.Read(ref _ended).Contains(sessionId);

    /// <summary>A session was ended here: the next request reads the list again, whatever its age.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _freshUntil, 0);
    }

    /// <summary>Completes at once while the list is fresh; otherwise every caller awaits the same single read.</summary>
    public Task RefreshIfStaleAsync()
    {
        if (Environment.TickCount64 < Interlocked.Read(ref _freshUntil)) return Task.CompletedTask;
        lock (_gate)
        {
            if (_reading is null || _reading.IsCompleted) _reading = ReadAsync();
            return _reading;
        }
    }

    private async Task ReadAsync()
    {
        var generation = Interlocked.Read(ref _generation);
        var started = Environment.TickCount64;
        var interval = (long)options.Value.SessionCheckInterval.TotalMilliseconds;
        try
        {
            var since = time.GetUtcNow() - options.Value.AccessTokenLifetime - ClockSlack;
            await using var conn = await db.OpenConnectionAsync();
            var ended = await conn.QueryAsync<Guid>(new CommandDefinition(Recent, new { since }, commandTimeout: 5));
            Volatile.Write(ref _ended, ended.ToFrozenSet());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not read the ended sessions; keeping the list read before");
        }
        finally
        {
            lock (_gate)
            {
                // A session ended while this read ran may be missing from it: leave the list stale for the next request.
                if (Interlocked.Read(ref _generation) == generation) Interlocked.Exchange(ref _freshUntil, started + interval);
            }
        }
    }
}
