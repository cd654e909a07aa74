using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>Migration 0155 counts the live reels each hashtag carries already, beside the posts it had counted, and its down drops the column.</summary>
public sealed class HashtagReelCountBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    [Fact]
    public async Task Existing_tagged_reels_are_counted_when_live_whoever_wrote_them_and_post_counts_stay()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 155).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, is_private) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x', false),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x', true);
            INSERT INTO hashtags (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'posted'),
                                                  ('00000000-0000-0000-0000-0000000000a2', 'reelsonly'),
                                                  ('00000000-0000-0000-0000-0000000000a3', 'untouched');
            INSERT INTO hashtag_stats (hashtag_id, post_count) VALUES ('00000000-0000-0000-0000-0000000000a1', 3),
                                                                      ('00000000-0000-0000-0000-0000000000a3', 2);
            INSERT INTO reels (id, user_id, video_blob_name, duration, created_at, deleted_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'r/1', 15, '2026-01-01', NULL),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000002', 'r/2', 15, '2026-01-02', NULL),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-000000000001', 'r/3', 15, '2026-01-03', '2026-01-04');
            INSERT INTO reel_hashtags (reel_id, hashtag_id, reel_created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', '2026-01-01'),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a1', '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000a1', '2026-01-03'),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a2', '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000a3', '2026-01-03');
            """);

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        var counts = (await conn.QueryAsync<(string Name, long Posts, long Reels)>("""
            SELECT h.name, s.post_count, s.reel_count FROM hashtags h JOIN hashtag_stats s ON s.hashtag_id = h.id ORDER BY h.name
            """)).ToList();
        // The private account's reel counts, as its posts do; the deleted reel does not; a tag only reels carried gets its row.
        Assert.Equal([("posted", 3L, 2L), ("reelsonly", 0L, 1L), ("untouched", 2L, 0L)], counts);

        var migrator = new Migrator(scratch.DataSource) { Files = Files };
        while ((await migrator.RollbackAsync())!.Version > 155) { }
        Assert.True(await conn.ExecuteScalarAsync<int>("SELECT max(version) FROM schema_migrations") < 155);
        Assert.False(await conn.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'hashtag_stats' AND column_name = 'reel_count')"));
    }
}
