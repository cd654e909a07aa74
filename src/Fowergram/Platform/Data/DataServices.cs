using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Platform.Data;

public static class DataServices
{
    private static int _dapperConfigured;

    /// <summary>One pooled <see cref="NpgsqlDataSource"/> per process, shared by every request, consumer and job.</summary>
    public static IServiceCollection AddFowergramData(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigureDapper();
        services.AddSingleton(_ => CreateDataSource(DatabaseSettings.Resolve(configuration)));
        services.AddSingleton(_ => new SideWrites(CreateDataSource(DatabaseSettings.Resolve(configuration), SideWrites.ApplicationName)));
        services.AddSingleton<Migrator>();
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString, string applicationName = "fowergram")
    {
        ConfigureDapper();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName ??= applicationName;
        // Defaults measured on the feed and likes paths (docs/performance-history.md "What changed on 2026-11-22"), each overridable in the
        // connection string. The app keeps no session state on pooled connections (no SET, temp tables or
        // held advisory locks; the migrator releases its lock), so the reset Npgsql sends on every reuse
        // (seven statements) is pure cost; an open transaction is still rolled back when a connection is
        // returned. Auto-preparing the statements a connection runs often saves their planning, which for
        // the visibility-checking queries costs more than running them.
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose")) settings.NoResetOnClose = true;
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) settings.MaxAutoPrepare = 128;
        return builder.Build();
    }

    private static bool Mentions(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }; // only the keys present
        return keywords.Any(given.ContainsKey);
    }

    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref _dapperConfigured, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; the API speaks DateTimeOffset.</summary>
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) =>
            parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto,
            _ => throw new InvalidCastException($"Cannot read {value.GetType()} as DateTimeOffset."),
        };
    }
}
