using Dapper;
using Fowergram.Features.Maintenance;
using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Monthly partitions of notifications and user_activities, and the job that keeps them ahead.
/// Each test migrates a scratch database: partitions are schema, and far-future months must not
/// leak into the shared database.
/// </summary>
public sealed class PartitionTests
{
    private static readonly DateTimeOffset May2031 = new(2031, 5, 10, 8, 30, 0, TimeSpan.Zero);

    private static async Task<ScratchDatabase> MigratedScratchAsync()
    {
        var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource).MigrateAsync();
        return scratch;
    }

    private static async Task<Guid> UserAsync(NpgsqlConnection conn, NpgsqlTransaction? tx = null)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync("INSERT INTO users (id, email, username, hashed_password) VALUES (@id, @email, @username, 'x')",
            new { id, email = $"{id:N}@example.test", username = $"u{id:N}"[..30] }, tx);
        return id;
    }

    private static Task<List<string>> PartitionsAsync(NpgsqlConnection conn, string parent) =>
        conn.QueryAsync<string>("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = @parent::regclass ORDER BY 1
            """, new { parent }).ContinueWith(t => t.Result.ToList());

    private static Task<string> PartitionOfAsync(NpgsqlConnection conn, string table, Guid id) =>
        conn.ExecuteScalarAsync<string>($"SELECT tableoid::regclass::text FROM {table} WHERE id = @id", new { id })!;

    private static async Task<Guid> NotificationAsync(NpgsqlConnection conn, Guid user, Guid actor, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, actor_id, type, created_at) VALUES (@id, @user, @actor, 'follow', @at)
            """, new { id, user, actor, at });
        return id;
    }

    private static async Task<Guid> ActivityAsync(NpgsqlConnection conn, Guid user, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync("""
            INSERT INTO user_activities (id, user_id, activity_type, created_at) VALUES (@id, @user, 'post.create', @at)
            """, new { id, user, at });
        return id;
    }

    private static PartitionMaintenanceJob Job(ScratchDatabase scratch, MaintenanceOptions? options = null) =>
        new(scratch.DataSource, Options.Create(options ?? new MaintenanceOptions()), NullLogger<PartitionMaintenanceJob>.Instance);

    private static Task<int> CreateAsync(NpgsqlConnection conn, string parent, DateTimeOffset starting, int months) =>
        conn.ExecuteScalarAsync<int>("SELECT create_monthly_partitions(@parent::regclass, @starting, @months)",
            new { parent, starting, months });

    [Fact]
    public async Task Creating_partitions_is_idempotent()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();

        Assert.Equal(3, await CreateAsync(conn, "notifications", May2031, 3));
        Assert.Equal(0, await CreateAsync(conn, "notifications", May2031, 3));
        Assert.Equal(1, await CreateAsync(conn, "notifications", May2031, 4));

        var partitions = await PartitionsAsync(conn, "notifications");
        Assert.Subset(partitions.ToHashSet(),
            new HashSet<string> { "notifications_2031_05", "notifications_2031_06", "notifications_2031_07", "notifications_2031_08" });
    }

    [Fact]
    public async Task Rows_land_in_the_partition_of_their_utc_month_and_outside_ones_in_default()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (user, actor) = (await UserAsync(conn), await UserAsync(conn));
        await CreateAsync(conn, "notifications", May2031, 2);

        var lastTickOfMay = await NotificationAsync(conn, user, actor, new DateTimeOffset(2031, 5, 31, 23, 59, 59, 999, TimeSpan.Zero));
        var firstOfJune = await NotificationAsync(conn, user, actor,
            new DateTimeOffset(2031, 6, 1, 1, 0, 0, TimeSpan.FromHours(2)).ToUniversalTime());
        var july = await NotificationAsync(conn, user, actor, new DateTimeOffset(2031, 7, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("notifications_2031_05", await PartitionOfAsync(conn, "notifications", lastTickOfMay));
        Assert.Equal("notifications_2031_05", await PartitionOfAsync(conn, "notifications", firstOfJune)); // 23:00 UTC on May 31
        Assert.Equal("notifications_default", await PartitionOfAsync(conn, "notifications", july));
    }

    [Fact]
    public async Task A_month_already_holding_rows_in_the_default_partition_is_created_and_the_rows_move_into_it()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (user, actor) = (await UserAsync(conn), await UserAsync(conn));
        var strays = new List<Guid>();
        for (var day = 1; day <= 3; day++) strays.Add(await NotificationAsync(conn, user, actor, May2031.AddDays(day)));
        var otherMonth = await NotificationAsync(conn, user, actor, May2031.AddMonths(6));
        var activity = await ActivityAsync(conn, user, May2031);
        Assert.Equal("notifications_default", await PartitionOfAsync(conn, "notifications", strays[0]));

        Assert.Equal(1, await CreateAsync(conn, "notifications", May2031, 1));
        Assert.Equal(1, await CreateAsync(conn, "user_activities", May2031, 1));

        foreach (var id in strays) Assert.Equal("notifications_2031_05", await PartitionOfAsync(conn, "notifications", id));
        Assert.Equal("notifications_default", await PartitionOfAsync(conn, "notifications", otherMonth));
        Assert.Equal("user_activities_2031_05", await PartitionOfAsync(conn, "user_activities", activity));
        Assert.Equal(4, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM notifications WHERE user_id = @user", new { user }));
        // The new partition got the parent's indexes (primary key and inbox index) like any other.
        Assert.Equal(
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_indexes WHERE tablename = 'notifications_default'"),
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_indexes WHERE tablename = 'notifications_2031_05'"));
    }

    [Fact]
    public async Task Concurrent_runs_create_each_partition_once_without_errors()
    {
        await using var scratch = await MigratedScratchAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var conn = await scratch.DataSource.OpenConnectionAsync();
            return await CreateAsync(conn, "notifications", May2031, 6);
        }));

        Assert.Equal(6, results.Sum());
        await using var check = await scratch.DataSource.OpenConnectionAsync();
        Assert.Equal(6, (await PartitionsAsync(check, "notifications")).Count(p => p.StartsWith("notifications_2031_", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A request that wrote a users row and then writes a notification (registering does, with an activity
    /// row) while partitions are being created: creating one needs a lock on users too. 0009's function held
    /// the parent while it waited for users, so the request, waiting for the parent, was cancelled as a deadlock.
    /// </summary>
    [Fact]
    public async Task Creating_partitions_while_a_request_holds_users_waits_for_it_instead_of_deadlocking()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var setup = await scratch.DataSource.OpenConnectionAsync();
        var actor = await UserAsync(setup);
        await using var request = await scratch.DataSource.OpenConnectionAsync();
        await using var tx = await request.BeginTransactionAsync();
        var user = await UserAsync(request, tx);

        await using var maintenance = await scratch.DataSource.OpenConnectionAsync();
        var creating = CreateAsync(maintenance, "notifications", May2031, 2);
        await WaitUntilWaitingForALockAsync(setup, maintenance.ProcessID);
        await request.ExecuteAsync("INSERT INTO notifications (id, user_id, actor_id, type) VALUES (@id, @user, @actor, 'follow')",
            new { id = Guid.CreateVersion7(), user, actor }, tx); // the deadlock, before: PostgreSQL cancelled this or the creation after 1 s
        await tx.CommitAsync();

        Assert.Equal(2, await creating);
        Assert.Contains("notifications_2031_06", await PartitionsAsync(setup, "notifications"));
        Assert.Equal(1, await setup.ExecuteScalarAsync<int>("SELECT count(*) FROM notifications WHERE user_id = @user", new { user }));
    }

    [Fact]
    public async Task Job_gives_up_on_locks_a_long_transaction_holds_and_the_next_run_creates_the_months()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var request = await scratch.DataSource.OpenConnectionAsync();
        await using var tx = await request.BeginTransactionAsync();
        var user = await UserAsync(request, tx);
        var job = new PartitionMaintenanceJob(scratch.DataSource, Options.Create(new MaintenanceOptions()),
            NullLogger<PartitionMaintenanceJob>.Instance) { LockAttempts = 2 };

        await job.RunAsync(May2031, CancellationToken.None); // no exception: it leaves the months to the next run
        await using var check = await scratch.DataSource.OpenConnectionAsync();
        Assert.DoesNotContain("notifications_2031_05", await PartitionsAsync(check, "notifications"));
        await request.ExecuteAsync("INSERT INTO user_activities (id, user_id, activity_type, created_at) VALUES (@id, @user, 'post.create', now())",
            new { id = Guid.CreateVersion7(), user }, tx);
        await tx.CommitAsync();

        await job.RunAsync(May2031, CancellationToken.None);
        Assert.Contains("notifications_2031_05", await PartitionsAsync(check, "notifications"));
        Assert.Contains("user_activities_2031_08", await PartitionsAsync(check, "user_activities"));
    }

    private static async Task WaitUntilWaitingForALockAsync(NpgsqlConnection observer, int pid)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await observer.ExecuteScalarAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock')", new { pid }))
                return;
            await Task.Delay(25);
        }
        Assert.Fail($"Backend {pid} never waited for a lock.");
    }

    [Fact]
    public async Task Job_creates_this_month_and_the_next_three_for_both_tables_and_is_idempotent()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (user, actor) = (await UserAsync(conn), await UserAsync(conn));
        var late = await NotificationAsync(conn, user, actor, May2031.AddMonths(1)); // the job was late: June rows in default
        var job = Job(scratch);

        await job.RunAsync(May2031, CancellationToken.None);
        var afterFirst = (await PartitionsAsync(conn, "notifications")).Concat(await PartitionsAsync(conn, "user_activities")).ToList();
        await job.RunAsync(May2031.AddHours(6).ToOffset(TimeSpan.FromHours(-7)), CancellationToken.None); // any offset
        var afterSecond = (await PartitionsAsync(conn, "notifications")).Concat(await PartitionsAsync(conn, "user_activities")).ToList();

        foreach (var table in PartitionMaintenanceJob.PartitionedTables)
            foreach (var month in new[] { "2031_05", "2031_06", "2031_07", "2031_08" })
                Assert.Contains($"{table}_{month}", afterFirst);
        Assert.DoesNotContain("notifications_2031_09", afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal("notifications_2031_06", await PartitionOfAsync(conn, "notifications", late));
    }

    [Fact]
    public async Task Months_past_their_retention_are_dropped_whole_and_the_rest_stay()
    {
        await using var scratch = await MigratedScratchAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (user, actor) = (await UserAsync(conn), await UserAsync(conn));
        var november2030 = new DateTimeOffset(2030, 11, 15, 0, 0, 0, TimeSpan.Zero);
        await CreateAsync(conn, "notifications", november2030, 7);   // Nov 2030 .. May 2031
        await CreateAsync(conn, "user_activities", november2030, 7);
        var old = await NotificationAsync(conn, user, actor, november2030);
        var kept = await NotificationAsync(conn, user, actor, new DateTimeOffset(2030, 12, 20, 0, 0, 0, TimeSpan.Zero));
        var stray = await NotificationAsync(conn, user, actor, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)); // default partition
        var activity = await ActivityAsync(conn, user, november2030);

        // On 10 May 2031 with 5 months kept: November 2030 ended on 1 December, more than 5 months ago; December did not.
        await Job(scratch, new MaintenanceOptions { NotificationRetentionMonths = 5, ActivityRetentionMonths = 0 }).RunAsync(May2031, default);

        var notifications = await PartitionsAsync(conn, "notifications");
        Assert.DoesNotContain("notifications_2030_11", notifications);
        Assert.Contains("notifications_2030_12", notifications);
        Assert.Contains("notifications_default", notifications);
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('notifications_2030_11') IS NOT NULL"));
        Assert.Equal([kept, stray], (await conn.QueryAsync<Guid>(
            "SELECT id FROM notifications WHERE user_id = @user ORDER BY created_at DESC", new { user })).ToList());
        Assert.DoesNotContain(old, await conn.QueryAsync<Guid>("SELECT id FROM notifications"));
        // 0 keeps forever.
        Assert.Contains("user_activities_2030_11", await PartitionsAsync(conn, "user_activities"));
        Assert.Equal("user_activities_2030_11", await PartitionOfAsync(conn, "user_activities", activity));

        await Job(scratch, new MaintenanceOptions { NotificationRetentionMonths = 5, ActivityRetentionMonths = 0 }).RunAsync(May2031, default);
        Assert.Equal(notifications, await PartitionsAsync(conn, "notifications")); // idempotent
    }

    [Fact]
    public void Retention_settings_are_checked_at_start_up()
    {
        Assert.Empty(new MaintenanceOptions().Problems());
        Assert.Single(new MaintenanceOptions { NotificationRetentionMonths = -1 }.Problems());
        Assert.Single(new MaintenanceOptions { ActivityRetentionMonths = 121 }.Problems());
        Assert.Empty(new MaintenanceOptions { NotificationRetentionMonths = 0, ActivityRetentionMonths = 0 }.Problems()); // keep forever
    }

    [Fact]
    public void Job_is_registered_with_its_name_and_schedules()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Fowergram"] = TestDatabase.ConnectionString })
            .Build();
        var registrations = new ServiceCollection().AddLogging().AddFowergram(configuration);
        // Other jobs need ports only a host registers (IMediaStore), so build just this one.
        Assert.Single(registrations, d => d.ServiceType == typeof(IScheduledJob) && d.ImplementationType == typeof(PartitionMaintenanceJob));
        using var services = registrations.BuildServiceProvider();

        var job = ActivatorUtilities.CreateInstance<PartitionMaintenanceJob>(services);

        Assert.Equal("partition-maintenance", job.Name);
        Assert.Equal("0 0 3 * * *", job.Schedule);
        Assert.Equal(TimeSpan.FromHours(6), job.Interval);
    }
}
