using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// Resolves the PostgreSQL connection string from one of the names both hosts understand, in order:
/// <c>ConnectionStrings:Fowergram</c>, <c>DATABASE_URL</c> (postgres://user:pass@host:port/db?sslmode=require&amp;…, <see cref="DatabaseUrlParameters"/>),
/// then the seed setup's <c>DB_HOST</c>/<c>DB_PORT</c>/<c>DB_NAME</c>/<c>DB_USER</c>/<c>DB_PASSWORD</c>.
/// </summary>
public static class DatabaseSettings
{
    public const string ConnectionStringName = "Fowergram";

    public static string? TryResolve(IConfiguration configuration)
    {
        var named = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(named)) return named;

        var url = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(url)) return FromUrl(url);

        var host = configuration["DB_HOST"];
        if (string.IsNullOrWhiteSpace(host)) return null;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(configuration["DB_PORT"], out var port) ? port : 5432,
            Database = configuration["DB_NAME"] ?? "fowergram",
            Username = configuration["DB_USER"] ?? "postgres",
            Password = configuration["DB_PASSWORD"],
        };
        return builder.ConnectionString;
    }

    public static string Resolve(IConfiguration configuration) =>
        TryResolve(configuration) ?? throw new InvalidOperationException(
            "No database configured. Set ConnectionStrings__Fowergram (or DATABASE_URL, or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD), " +
            "or start the API with scripts/run.sh, which provisions a local PostgreSQL under .data/.");

    public static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            throw new InvalidOperationException("DATABASE_URL must look like postgres://user:password@host:port/database.");
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        DatabaseUrlParameters.Apply(builder, uri.Query);
        return builder.ConnectionString;
    }
}
