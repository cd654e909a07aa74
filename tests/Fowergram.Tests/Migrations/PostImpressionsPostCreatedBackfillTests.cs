using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0267 copies each post's created_at into the post_impressions rows written before it, so that insights-retention
/// finds the posts past their window through them (docs/insights.md "Reach and impressions"), and new rows must carry it.
/// </summary>
public sealed class PostImpressionsPostCreatedBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public async Task Rows_written_before_it_carry_their_posts_creation_time()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 267).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (author, viewer, early, late) = (Id(1), Id(2), Id(11), Id(12));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES (@author, 'a@example.test', 'a', 'x'), (@viewer, 'v@example.test', 'v', 'x');
            INSERT INTO posts (id, user_id, caption, created_at) VALUES (@early, @author, 'early', @start), (@late, @author, 'late', @start + interval '30 days');
            INSERT INTO post_impressions (post_id, viewer_id, follower, first_seen_at, last_seen_at, impressions)
            VALUES (@early, @viewer, false, @start + interval '85 days', @start + interval '85 days', 1),
                   (@late, @viewer, true, @start + interval '31 days', @start + interval '31 days', 2)
            """, new { author, viewer, early, late, start = Start });

        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 267).ToList() }.MigrateAsync();

        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM post_impressions i JOIN posts p ON p.id = i.post_id WHERE i.post_created_at = p.created_at"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync("""
            INSERT INTO post_impressions (post_id, viewer_id, follower, first_seen_at, last_seen_at, impressions) VALUES (@late, @author, false, now(), now(), 1)
            """, new { late, author }));
    }
}
