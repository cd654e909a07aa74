using Dapper;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Bad data and the rule that must refuse it: the statement runs against a fresh <see cref="World"/>
/// and must fail with <paramref name="SqlState"/> on <paramref name="Constraint"/>. Name is unique
/// (the constraint, plus a note when one rule has several cases) and is what xunit shows.
/// </summary>
internal sealed record RuleCase(string Name, string Constraint, string SqlState, string Table, string Sql)
{
    public const string CheckViolation = "23514";
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string ExclusionViolation = "23P01";

    public static RuleCase Check(string constraint, string table, params string[] overrides) =>
        new(constraint, constraint, CheckViolation, table, RowTemplates.Insert(table, overrides));

    public static RuleCase Unique(string constraint, string table, params string[] overrides) =>
        new(constraint, constraint, UniqueViolation, table, RowTemplates.Insert(table, overrides));

    /// <summary>A uniqueness rule kept by an exclusion constraint, whose columns are no key to PostgreSQL (migration 0227).</summary>
    public static RuleCase Exclusion(string constraint, string table, params string[] overrides) =>
        new(constraint, constraint, ExclusionViolation, table, RowTemplates.Insert(table, overrides));

    public static RuleCase ForeignKey(string constraint, string table, params string[] overrides) =>
        new(constraint, constraint, ForeignKeyViolation, table, RowTemplates.Insert(table, overrides));

    public RuleCase Because(string note) => this with { Name = $"{Constraint} ({note})" };

    /// <summary>Runs a statement before the refused one (e.g. the first of two conflicting rows).</summary>
    public RuleCase After(string sql) => this with { Sql = sql + ";\n" + Sql };

    public async Task AssertRefusedAsync()
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var world = await World.CreateAsync(conn, tx);
        var error = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(Sql, world.Parameters, tx));
        Assert.True(error.SqlState == SqlState && NamesMatch(error),
            $"Expected {SqlState} on {Constraint} but got {error.SqlState} on {error.ConstraintName}: {error.MessageText}\n{Sql}");
        await tx.RollbackAsync();
    }

    // A unique violation inside a partition names the partition's copy of the index
    // (notifications_2025_01_pkey for notifications_pkey).
    private bool NamesMatch(PostgresException error) =>
        error.ConstraintName == Constraint ||
        (Constraint.StartsWith(Table + "_", StringComparison.Ordinal) && error.TableName is { } partition &&
         partition.StartsWith(Table + "_", StringComparison.Ordinal) &&
         error.ConstraintName == partition + Constraint[Table.Length..]);
}
