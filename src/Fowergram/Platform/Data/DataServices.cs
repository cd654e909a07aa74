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
        services.AddSingleton<Migrator>();
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ConfigureDapper();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "fowergram";
        return builder.Build();
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
