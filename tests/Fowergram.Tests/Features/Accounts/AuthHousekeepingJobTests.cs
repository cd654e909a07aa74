using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>The auth-housekeeping job on a database of its own, so it sweeps only this test's rows.</summary>
public sealed class AuthHousekeepingJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly AuthOptions _auth = new();
    private ScratchDatabase _db = null!;
    private AuthHousekeepingJob _job = null!;
    private readonly Guid _user = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateScratchAsync();
        await new Migrator(_db.DataSource).MigrateAsync();
        _job = new AuthHousekeepingJob(_db.DataSource, Options.Create(_auth), NullLogger<AuthHousekeepingJob>.Instance);
        await ExecuteAsync("INSERT INTO users (id, email, username, hashed_password) VALUES (@_user, 'h@example.com', 'housekeeping', 'x')", new { _user });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(sql)).Order().ToList();
    }

    private Task MailThrottleAsync(string subject, DateTimeOffset windowStartsAt) => ExecuteAsync(
        "INSERT INTO mail_throttles (kind, subject, window_starts_at, requests) VALUES ('password_reset', @subject, @windowStartsAt, 3)",
        new { subject, windowStartsAt });

    private Task TokenAsync(string table, string hash, DateTimeOffset expiresAt) => ExecuteAsync(
        $"INSERT INTO {table} (id, user_id, token_hash, created_at, expires_at) VALUES (@id, @_user, @hash, @createdAt, @expiresAt)",
        new { id = Guid.CreateVersion7(), _user, hash, createdAt = expiresAt - TimeSpan.FromHours(1), expiresAt });

    [Fact]
    public async Task Ended_throttle_windows_go_and_running_ones_stay()
    {
        var ended = new string('a', 64);
        var running = new string('b', 64);
        await MailThrottleAsync(ended, Now - _auth.MailRequestWindow);
        await MailThrottleAsync(running, Now - _auth.MailRequestWindow + TimeSpan.FromSeconds(1));

        await _job.RunAsync(Now, default);

        Assert.Equal([running], await ColumnAsync("SELECT subject FROM mail_throttles"));
    }

    [Fact]
    public async Task Write_allowances_go_once_their_hour_and_day_both_ended()
    {
        const string insert = """
            INSERT INTO write_allowances (user_id, kind, hour_start, hour_used, day_start, day_used)
            VALUES (@_user, @kind, @hourStart, 1, @dayStart, 9)
            """;
        var (hour, day) = (TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        await ExecuteAsync(insert, new { _user, kind = "comment", hourStart = Now - hour, dayStart = Now - day });
        // The day ended but an hour that began in its last hour still runs: it still decides the next write.
        await ExecuteAsync(insert, new { _user, kind = "message", hourStart = Now - hour + TimeSpan.FromSeconds(1), dayStart = Now - day });
        await ExecuteAsync(insert, new { _user, kind = "follow", hourStart = Now - hour, dayStart = Now - day + TimeSpan.FromSeconds(1) });

        await _job.RunAsync(Now, default);

        Assert.Equal(["follow", "message"], await ColumnAsync("SELECT kind FROM write_allowances"));
    }

    [Fact]
    public async Task Ended_address_windows_go_and_running_ones_stay()
    {
        var ended = new string('c', 64);
        var running = new string('d', 64);
        const string insert = "INSERT INTO address_throttles (kind, subject, window_starts_at, requests) VALUES ('sign_in', @subject, @windowStartsAt, 30)";
        await ExecuteAsync(insert, new { subject = ended, windowStartsAt = Now - _auth.AddressRequestWindow });
        await ExecuteAsync(insert, new { subject = running, windowStartsAt = Now - _auth.AddressRequestWindow + TimeSpan.FromSeconds(1) });

        await _job.RunAsync(Now, default);

        Assert.Equal([running], await ColumnAsync("SELECT subject FROM address_throttles"));
    }

    [Fact]
    public async Task A_login_lock_outlives_its_window_until_it_ends()
    {
        await ExecuteAsync("""
            INSERT INTO login_throttles (user_id, failure_count, window_starts_at, locked_until)
            VALUES (@_user, 6, @windowStartsAt, @lockedUntil)
            """, new { _user, windowStartsAt = Now - TimeSpan.FromHours(2), lockedUntil = Now + TimeSpan.FromMinutes(5) });

        await _job.RunAsync(Now, default);
        Assert.Single(await ColumnAsync("SELECT user_id::text FROM login_throttles"));

        await _job.RunAsync(Now + TimeSpan.FromMinutes(5), default);
        Assert.Empty(await ColumnAsync("SELECT user_id::text FROM login_throttles"));
    }

    [Fact]
    public async Task Throttles_of_logins_naming_no_account_go_once_their_window_and_lock_ended()
    {
        var (ended, running, locked) = (new string('e', 64), new string('f', 64), new string('0', 64));
        const string insert = """
            INSERT INTO unknown_login_throttles (subject, failure_count, window_starts_at, locked_until) VALUES (@subject, @count, @windowStartsAt, @lockedUntil)
            """;
        await ExecuteAsync(insert, new { subject = ended, count = 3, windowStartsAt = Now - _auth.LoginFailureWindow, lockedUntil = (DateTimeOffset?)null });
        await ExecuteAsync(insert, new { subject = running, count = 3, windowStartsAt = Now - _auth.LoginFailureWindow + TimeSpan.FromMinutes(10),
            lockedUntil = (DateTimeOffset?)null });
        await ExecuteAsync(insert, new { subject = locked, count = 5, windowStartsAt = Now - TimeSpan.FromHours(2), lockedUntil = (DateTimeOffset?)(Now + TimeSpan.FromMinutes(5)) });

        await _job.RunAsync(Now, default);
        Assert.Equal([locked, running], await ColumnAsync("SELECT subject FROM unknown_login_throttles"));

        await _job.RunAsync(Now + TimeSpan.FromMinutes(5), default);
        Assert.Equal([running], await ColumnAsync("SELECT subject FROM unknown_login_throttles"));
    }

    [Fact]
    public async Task Mailed_tokens_go_a_day_after_they_expired()
    {
        foreach (var table in new[] { "email_verifications", "password_resets" })
        {
            await TokenAsync(table, table + "-old", Now - AuthHousekeepingJob.TokenGrace - TimeSpan.FromSeconds(1));
            await TokenAsync(table, table + "-recent", Now - AuthHousekeepingJob.TokenGrace + TimeSpan.FromSeconds(1));
            await TokenAsync(table, table + "-live", Now + TimeSpan.FromHours(1));
        }

        await _job.RunAsync(Now, default);

        Assert.Equal(["email_verifications-live", "email_verifications-recent"], await ColumnAsync("SELECT token_hash FROM email_verifications"));
        Assert.Equal(["password_resets-live", "password_resets-recent"], await ColumnAsync("SELECT token_hash FROM password_resets"));
    }

    [Fact]
    public async Task Revert_links_go_a_day_after_they_expired_and_the_change_stays()
    {
        var change = Guid.CreateVersion7();
        await ExecuteAsync("""
            INSERT INTO email_changes (id, user_id, old_email, new_email, requested_at, confirmed_at)
            VALUES (@change, @_user, 'h@example.com', 'other@example.com', @at, @at)
            """, new { change, _user, at = Now - TimeSpan.FromDays(20) });
        foreach (var (hash, expiresAt) in new[] { ("old", Now - AuthHousekeepingJob.TokenGrace - TimeSpan.FromSeconds(1)),
                     ("recent", Now - AuthHousekeepingJob.TokenGrace + TimeSpan.FromSeconds(1)), ("live", Now + TimeSpan.FromDays(1)) })
            await ExecuteAsync("""
                INSERT INTO email_change_reverts (id, email_change_id, token_hash, created_at, expires_at)
                VALUES (@id, @change, @hash, @createdAt, @expiresAt)
                """, new { id = Guid.CreateVersion7(), change, hash, createdAt = expiresAt - TimeSpan.FromDays(14), expiresAt });

        await _job.RunAsync(Now, default);

        Assert.Equal(["live", "recent"], await ColumnAsync("SELECT token_hash FROM email_change_reverts"));
        Assert.Single(await ColumnAsync("SELECT id::text FROM email_changes"));
    }

    [Fact]
    public async Task Two_factor_revert_links_go_a_day_after_they_expired_and_the_factor_stays()
    {
        await ExecuteAsync("INSERT INTO account_two_factor (user_id, secret_sealed, enabled_at) VALUES (@_user, decode(repeat('ab', 40), 'hex'), @at)",
            new { _user, at = Now - TimeSpan.FromDays(10) });
        foreach (var (hash, expiresAt) in new[] { ('a', Now - AuthHousekeepingJob.TokenGrace - TimeSpan.FromSeconds(1)),
                     ('b', Now - AuthHousekeepingJob.TokenGrace + TimeSpan.FromSeconds(1)), ('c', Now + TimeSpan.FromDays(1)) })
            await ExecuteAsync("""
                INSERT INTO two_factor_reverts (id, user_id, token_hash, created_at, expires_at) VALUES (@id, @_user, repeat(@hash, 64), @createdAt, @expiresAt)
                """, new { id = Guid.CreateVersion7(), _user, hash = hash.ToString(), createdAt = expiresAt - TimeSpan.FromDays(7), expiresAt });

        await _job.RunAsync(Now, default);

        Assert.Equal([new string('b', 64), new string('c', 64)], await ColumnAsync("SELECT token_hash FROM two_factor_reverts"));
        Assert.Single(await ColumnAsync("SELECT user_id::text FROM account_two_factor"));
    }

    [Fact]
    public async Task Rotated_tokens_go_a_day_after_their_expiry_and_revoked_ones_after_the_ended_sessions_window()
    {
        // A live family: two rotated tokens (one a day past its expiry, one not yet) and its newest; a family ended two
        // days ago; one ended just now (instances still read it to refuse its access tokens).
        var (live, endedLong, endedNow) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var started = Now - TimeSpan.FromDays(60);
        var lifetime = _auth.RefreshTokenLifetime;
        async Task<Guid> TokenAsync(string hash, Guid family, DateTimeOffset createdAt, DateTimeOffset? rotatedAt, DateTimeOffset? revokedAt, Guid? next = null)
        {
            var id = Guid.CreateVersion7();
            await ExecuteAsync("""
                INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, rotated_at, revoked_at, replaced_by, family_started_at)
                VALUES (@id, @_user, @family, @hash, @createdAt, @expiresAt, @rotatedAt, @revokedAt, @next, @started)
                """, new { id, _user, family, hash, createdAt, expiresAt = createdAt + lifetime, rotatedAt, revokedAt, next, started });
            return id;
        }
        var newest = await TokenAsync("newest", live, Now - TimeSpan.FromDays(2), null, null);
        var kept = await TokenAsync("rotated-unexpired", live, Now - lifetime + TimeSpan.FromDays(1), Now - TimeSpan.FromDays(2), null, newest);
        await TokenAsync("rotated-expired", live, Now - lifetime - AuthHousekeepingJob.TokenGrace - TimeSpan.FromSeconds(1), Now - lifetime, null, kept);
        var endedAt = Now - _auth.AccessTokenLifetime - AuthHousekeepingJob.TokenGrace;
        await TokenAsync("ended-long-ago", endedLong, Now - TimeSpan.FromDays(5), null, endedAt - TimeSpan.FromSeconds(1));
        await TokenAsync("ended-just-now", endedNow, Now - TimeSpan.FromDays(5), null, Now - TimeSpan.FromMinutes(1));

        await _job.RunAsync(Now, default);

        Assert.Equal(["ended-just-now", "newest", "rotated-unexpired"], await ColumnAsync("SELECT token_hash FROM refresh_tokens"));
        // The family keeps its start; the kept token still names its successor.
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
            Assert.Equal([started], await conn.QueryAsync<DateTimeOffset>("SELECT DISTINCT family_started_at FROM refresh_tokens WHERE family_id = @live", new { live }));
        Assert.Equal([newest.ToString()], await ColumnAsync("SELECT replaced_by::text FROM refresh_tokens WHERE token_hash = 'rotated-unexpired'"));
    }

    [Fact]
    public async Task Expired_trusted_devices_go_and_unexpired_ones_stay()
    {
        foreach (var (device, expiresAt) in new[] { ("expired", Now), ("trusted", Now + TimeSpan.FromSeconds(1)) })
            await ExecuteAsync("""
                INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
                VALUES (@id, @_user, @hash, @device, @createdAt, @createdAt, @expiresAt)
                """, new { id = Guid.CreateVersion7(), _user, hash = SecretToken.Hash(device), device, createdAt = expiresAt - TimeSpan.FromDays(90), expiresAt });

        await _job.RunAsync(Now, default);

        Assert.Equal(["trusted"], await ColumnAsync("SELECT device FROM two_factor_trusted_devices"));
    }

    [Fact]
    public async Task More_than_a_batch_is_swept_in_one_run_and_running_twice_at_once_is_harmless()
    {
        await ExecuteAsync("""
            INSERT INTO mail_throttles (kind, subject, window_starts_at, requests)
            SELECT 'email_verification', md5(i::text) || md5((i + 1)::text), @old, 1 FROM generate_series(1, @n) i
            """, new { old = Now - TimeSpan.FromDays(1), n = AuthHousekeepingJob.BatchSize + 7 });

        await Task.WhenAll(_job.RunAsync(Now, default), _job.RunAsync(Now, default));

        Assert.Empty(await ColumnAsync("SELECT subject FROM mail_throttles"));
    }

    /// <summary>
    /// Push-delivery's settle locks a batch's subscriptions in id order (PushDeliverySql.LockSubscriptions) and drops those of
    /// ended sessions; the sweep took them in table order, so two ended ones visited the other way round deadlocked.
    /// </summary>
    [Fact]
    public async Task Ended_push_subscriptions_are_taken_in_id_order_as_the_push_settle_takes_them()
    {
        var (lower, higher) = (new Guid("00000000-0000-7000-8000-000000000001"), new Guid("ffffffff-ffff-7fff-bfff-ffffffffffff"));
        // Their sessions ended (no such family); the higher id first in the table, the order the sweep visited them in.
        await ExecuteAsync("""
            INSERT INTO push_subscriptions (id, user_id, session_id, kind, endpoint, p256dh, auth, created_at)
            SELECT id, @_user, gen_random_uuid(), 'web', 'https://push.example/' || id, decode('04' || repeat('00', 64), 'hex'),
                   decode(repeat('00', 16), 'hex'), @Now
              FROM unnest(ARRAY[@higher, @lower]) WITH ORDINALITY AS v (id, n) ORDER BY n
            """, new { _user, lower, higher, Now });

        await using var settle = await _db.DataSource.OpenConnectionAsync();
        await using var tx = await settle.BeginTransactionAsync();
        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @lower FOR NO KEY UPDATE", new { lower }, tx);
        var run = _job.RunAsync(Now, default);
        Assert.NotNull(await TransactionRace.BlockedByAsync(_db.DataSource, settle.ProcessID, run));
        await using (var probe = await _db.DataSource.OpenConnectionAsync())
            Assert.Equal(1L, await probe.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT 1 FROM push_subscriptions WHERE id = @higher FOR UPDATE SKIP LOCKED) free",
                new { higher })); // waiting, the sweep holds not the settle's next subscription

        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @higher FOR NO KEY UPDATE", new { higher }, tx);
        await tx.CommitAsync();
        await run;
        Assert.Empty(await ColumnAsync("SELECT id::text FROM push_subscriptions"));
    }
}
