using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0254 composes (NFC) the hidden words written before session 53 composed new ones: a user's two forms of one word
/// become the composed one; a word composing would make too long for its column stays as typed.
/// </summary>
public sealed class HiddenWordNfcTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "caf\u00e9", Nfd = "cafe\u0301";

    // 100 characters that NFC makes 200 (U+0958 is a composition exclusion: it decomposes to U+0915 U+093C).
    private static readonly string TooLongComposed = string.Concat(Enumerable.Repeat("\u0958", 100));

    [Fact]
    public async Task Decomposed_words_are_composed_and_a_users_two_forms_of_one_word_become_one()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 254).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x'),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x');
            -- a hid the word in both forms (decomposed first) and a long excluded one; b only decomposed.
            INSERT INTO hidden_words (user_id, word, created_at) VALUES
              ('00000000-0000-0000-0000-000000000001', @Nfd, '2026-01-01'),
              ('00000000-0000-0000-0000-000000000001', @Nfc, '2026-01-02'),
              ('00000000-0000-0000-0000-000000000001', @TooLongComposed, '2026-01-03'),
              ('00000000-0000-0000-0000-000000000002', @Nfd, '2026-01-01'),
              ('00000000-0000-0000-0000-000000000002', 'plain', '2026-01-02');
            """, new { Nfc, Nfd, TooLongComposed });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([("a", Nfc), ("a", TooLongComposed), ("b", Nfc), ("b", "plain")],
            (await conn.QueryAsync<(string, string)>("""
                SELECT u.username, w.word FROM hidden_words w JOIN users u ON u.id = w.user_id ORDER BY u.username, w.created_at
                """)).ToList());
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), await conn.ExecuteScalarAsync<DateTimeOffset>(
            "SELECT created_at FROM hidden_words WHERE user_id = '00000000-0000-0000-0000-000000000001' AND word = @Nfc", new { Nfc }));
    }
}
