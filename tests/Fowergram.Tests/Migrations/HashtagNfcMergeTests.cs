using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0219 merges hashtags whose names differ only in their Unicode encoding into the NFC one: posts, reels, follows,
/// the post counters' record and recent searches move to it, counts are recounted, and a form alone is renamed in place.
/// </summary>
public sealed class HashtagNfcMergeTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "caf\u00e9", Nfd = "cafe\u0301", LoneNfd = "nin\u0303o", LoneNfc = "ni\u00f1o";

    [Fact]
    public async Task Spellings_of_one_name_become_one_hashtag_with_everything_they_had()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 219).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x'),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x');
            INSERT INTO hashtags (id, name, created_at) VALUES ('00000000-0000-0000-0000-0000000000a1', @Nfc, '2026-01-02'),
                                                             ('00000000-0000-0000-0000-0000000000a2', @Nfd, '2026-01-01'),
                                                             ('00000000-0000-0000-0000-0000000000a3', @LoneNfd, '2026-01-01');
            INSERT INTO posts (id, user_id, caption, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'x', '2026-01-01')
            """, new { Nfc, Nfd, LoneNfd });
        await conn.ExecuteAsync("""
            INSERT INTO posts (id, user_id, caption, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000001', 'x', '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-000000000001', 'x', '2026-01-03');
            -- b1 carries the composed form, b2 the decomposed one, b3 both (typed twice); all three live and counted.
            INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', '2026-01-01'),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', '2026-01-03'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', '2026-01-03'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000a3', '00000000-0000-0000-0000-000000000001', '2026-01-03');
            INSERT INTO post_counter_state (post_id, counted, hashtag_ids, updated_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', true, '{00000000-0000-0000-0000-0000000000a1}', now()),
              ('00000000-0000-0000-0000-0000000000b2', true, '{00000000-0000-0000-0000-0000000000a2}', now()),
              ('00000000-0000-0000-0000-0000000000b3', true,
               '{00000000-0000-0000-0000-0000000000a1,00000000-0000-0000-0000-0000000000a2,00000000-0000-0000-0000-0000000000a3}', now());
            INSERT INTO hashtag_stats (hashtag_id, post_count) VALUES ('00000000-0000-0000-0000-0000000000a1', 2),
                                                                      ('00000000-0000-0000-0000-0000000000a2', 2),
                                                                      ('00000000-0000-0000-0000-0000000000a3', 1);
            -- a follows both spellings (the decomposed one first), b the decomposed one only.
            INSERT INTO hashtag_follows (user_id, hashtag_id, created_at) VALUES
              ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', '2026-02-02'),
              ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a2', '2026-02-01'),
              ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-0000000000a2', '2026-02-03');
            INSERT INTO search_history (id, user_id, search_type, search_term, clicked_result_id) VALUES
              (gen_random_uuid(), '00000000-0000-0000-0000-000000000002', 'hashtag', 'cafe', '00000000-0000-0000-0000-0000000000a2');
            """);

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([(Nfc, "00000000-0000-0000-0000-0000000000a1"), (LoneNfc, "00000000-0000-0000-0000-0000000000a3")],
            (await conn.QueryAsync<(string, Guid)>("SELECT name, id FROM hashtags ORDER BY name")).Select(r => (r.Item1, r.Item2.ToString())));
        Assert.Equal(["00000000-0000-0000-0000-0000000000b1", "00000000-0000-0000-0000-0000000000b2", "00000000-0000-0000-0000-0000000000b3"],
            (await conn.QueryAsync<Guid>("SELECT post_id FROM post_hashtags WHERE hashtag_id = '00000000-0000-0000-0000-0000000000a1' ORDER BY post_id"))
            .Select(g => g.ToString()));
        Assert.Equal((3L, 1L), (
            await conn.ExecuteScalarAsync<long>("SELECT post_count FROM hashtag_stats WHERE hashtag_id = '00000000-0000-0000-0000-0000000000a1'"),
            await conn.ExecuteScalarAsync<long>("SELECT post_count FROM hashtag_stats WHERE hashtag_id = '00000000-0000-0000-0000-0000000000a3'")));
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>(
            "SELECT cardinality(hashtag_ids) FROM post_counter_state WHERE post_id = '00000000-0000-0000-0000-0000000000b3'"));
        Assert.Equal([("00000000-0000-0000-0000-000000000001", new DateTime(2026, 2, 1)), ("00000000-0000-0000-0000-000000000002", new DateTime(2026, 2, 3))],
            (await conn.QueryAsync<(Guid, DateTime)>("""
                SELECT user_id, (created_at AT TIME ZONE 'UTC') FROM hashtag_follows WHERE hashtag_id = '00000000-0000-0000-0000-0000000000a1' ORDER BY user_id
                """)).Select(r => (r.Item1.ToString(), r.Item2)));
        Assert.Equal("00000000-0000-0000-0000-0000000000a1",
            (await conn.ExecuteScalarAsync<Guid>("SELECT clicked_result_id FROM search_history")).ToString());
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            conn.ExecuteAsync("INSERT INTO hashtags (id, name) VALUES (gen_random_uuid(), @Nfd)", new { Nfd }));
    }
}
