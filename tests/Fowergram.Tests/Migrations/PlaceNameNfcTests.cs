using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0248 composes (NFC) the place names written before session 51 composed new ones: posts' and reels' locations and
/// recent searches of places, a user's two entries for one place becoming the newer one; a name composing would make too long
/// for its column stays as typed.
/// </summary>
public sealed class PlaceNameNfcTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "Caf\u00e9 Lisboa", Nfd = "Cafe\u0301 Lisboa", UpperNfc = "CAF\u00c9 LISBOA";

    // 100 characters that NFC makes 200 (U+0958 is a composition exclusion: it decomposes to U+0915 U+093C).
    private static readonly string TooLongComposed = string.Concat(Enumerable.Repeat("\u0958", 100));

    [Fact]
    public async Task Decomposed_places_are_composed_and_a_users_two_entries_for_one_place_become_the_newer()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 248).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x'),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x');
            INSERT INTO posts (id, user_id, caption, location, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'x', @Nfd, '2026-01-01'),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000001', 'x', @Nfc, '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-000000000001', 'x', @TooLongComposed, '2026-01-03');
            INSERT INTO reels (id, user_id, video_blob_name, duration, location, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000002', 'r/1', 15, @Nfd, '2026-01-01');
            -- a picked the place decomposed first, then composed; b only decomposed.
            INSERT INTO search_history (id, user_id, search_type, search_term, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-000000000001', 'location', @Nfd, '2026-02-01'),
              ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-000000000001', 'location', @UpperNfc, '2026-02-02'),
              ('00000000-0000-0000-0000-0000000000d3', '00000000-0000-0000-0000-000000000002', 'location', @Nfd, '2026-02-01'),
              ('00000000-0000-0000-0000-0000000000d4', '00000000-0000-0000-0000-000000000002', 'location', 'Porto', '2026-02-02');
            """, new { Nfc, Nfd, UpperNfc, TooLongComposed });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([Nfc, Nfc, TooLongComposed],
            await conn.QueryAsync<string>("SELECT location FROM posts ORDER BY created_at"));
        Assert.Equal(Nfc, await conn.ExecuteScalarAsync<string>("SELECT location FROM reels"));
        Assert.Equal([("00000000-0000-0000-0000-0000000000d2", UpperNfc), ("00000000-0000-0000-0000-0000000000d3", Nfc),
                      ("00000000-0000-0000-0000-0000000000d4", "Porto")],
            (await conn.QueryAsync<(Guid, string)>("SELECT id, search_term FROM search_history ORDER BY id")).Select(r => (r.Item1.ToString(), r.Item2)));
        // The place's page key (posts_place_recent, lower(location)) now finds both posts by the composed name.
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM posts WHERE lower(location) = lower(@Nfc)", new { Nfc }));
    }
}
