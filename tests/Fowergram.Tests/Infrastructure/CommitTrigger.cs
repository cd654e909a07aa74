using Dapper;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// Forces a change to land with a write's commit, just before a read made after that commit: a deferred constraint trigger
/// (INITIALLY DEFERRED, so it runs at the commit) on <c>table</c>, for rows matching <c>when</c> only (other tests' writes are
/// unaffected), dropped at the end. The change is what a concurrent delete, deactivation or purge would commit in between.
/// </summary>
public static class CommitTrigger
{
    /// <summary>Runs <paramref name="write"/> with <paramref name="change"/> (plpgsql, sees NEW) run at the commit of each matching row's insert or update.</summary>
    public static async Task<T> WithAsync<T>(string table, string when, string change, Func<Task<T>> write)
    {
        var db = await TestDatabase.GetAsync();
        var name = "at_commit_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                {change};
                RETURN NULL;
            END $f$;
            CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE ON {table} DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}();
            """);
        try
        {
            return await write();
        }
        finally
        {
            await conn.ExecuteAsync($"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();");
        }
    }
}
