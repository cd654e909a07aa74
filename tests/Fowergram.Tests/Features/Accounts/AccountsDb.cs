using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Direct reads and writes on the test database, for what the API cannot show or do (yet).</summary>
internal static class AccountsDb
{
    public static async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(sql, args);
    }

    public static Task<long> UsersWithEmailAsync(string email) =>
        ScalarAsync<long>("SELECT count(*) FROM users WHERE lower(email) = lower(@email)", new { email });

    public static Task<string> PasswordHashAsync(Guid userId) =>
        ScalarAsync<string>("SELECT hashed_password FROM users WHERE id = @userId", new { userId });
}
