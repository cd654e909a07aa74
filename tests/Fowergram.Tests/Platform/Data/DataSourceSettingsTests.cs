using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Platform.Data;

/// <summary>
/// The pool's defaults (no reset on reuse, auto-prepared statements) and what the app relies on when
/// sessions are not reset: a connection given back with an open transaction comes back without it.
/// </summary>
public sealed class DataSourceSettingsTests
{
    [Fact]
    public void Pooled_sessions_are_not_reset_and_frequent_statements_are_prepared_by_default()
    {
        using var db = DataServices.CreateDataSource(TestDatabase.ConnectionString);
        var settings = new NpgsqlConnectionStringBuilder(db.ConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(128, settings.MaxAutoPrepare);
        Assert.Equal("fowergram", settings.ApplicationName);
    }

    [Theory]
    [InlineData("No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("noresetonclose=False;MAXAUTOPREPARE=0")]
    public void The_connection_string_overrides_the_defaults(string options)
    {
        using var db = DataServices.CreateDataSource($"{TestDatabase.ConnectionString};{options}");
        var settings = new NpgsqlConnectionStringBuilder(db.ConnectionString);

        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
    }

    [Fact]
    public async Task A_connection_returned_inside_a_transaction_comes_back_rolled_back_and_idle()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await using var db = DataServices.CreateDataSource($"{scratch.ConnectionString};Maximum Pool Size=1");
        await using (var setup = await db.OpenConnectionAsync()) await setup.ExecuteAsync("CREATE TABLE notes (n int)");
        int backend;
        await using (var conn = await db.OpenConnectionAsync())
        {
            backend = conn.ProcessID;
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync("INSERT INTO notes VALUES (1)", transaction: tx);
        } // neither committed nor rolled back by the caller

        await using var again = await db.OpenConnectionAsync();
        Assert.Equal(backend, again.ProcessID); // the same session, reused without a reset
        Assert.Equal(0, await again.ExecuteScalarAsync<long>("SELECT count(*) FROM notes"));
        Assert.Null(await again.ExecuteScalarAsync<long?>("SELECT txid_current_if_assigned()")); // not inside the old transaction
    }
}
