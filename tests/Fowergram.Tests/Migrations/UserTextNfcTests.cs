using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0257 composes (NFC) the user-written text stored before session 54 composed new text (docs/api.md "Composed
/// text"): profile names and bios, notes, messages and group names, collections, highlights, videos and series. A text that
/// composing would make too long for its column stays as typed, as a new one does; text already composed is left alone.
/// </summary>
public sealed class UserTextNfcTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "Jos\u00e9 Lisboa", Nfd = "Jose\u0301 Lisboa";

    // 64 characters that NFC makes 128 (U+0958 is a composition exclusion: it decomposes to U+0915 U+093C).
    private static readonly string TooLongName = string.Concat(Enumerable.Repeat("\u0958", 64));

    [Fact]
    public async Task Text_stored_decomposed_is_composed_and_text_composing_would_make_too_long_stays_as_typed()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 257).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, full_name, bio) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x', @Nfd, @Nfd),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x', @TooLongName, @Nfc);
            INSERT INTO notes (id, user_id, text, audience, created_at, expires_at) VALUES
              ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', @Nfd, 'mutuals', now(), now() + interval '1 day');
            INSERT INTO conversations (id, is_group, group_name) VALUES ('00000000-0000-0000-0000-0000000000b1', true, @Nfd);
            INSERT INTO messages (id, conversation_id, sender_id, message_type, content) VALUES
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'text', @Nfd);
            INSERT INTO collections (id, user_id, name, description) VALUES
              ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd);
            INSERT INTO highlights (id, user_id, title, display_order) VALUES
              ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-000000000001', @Nfd, 0);
            INSERT INTO igtv_videos (id, user_id, title, description, video_blob_name, duration) VALUES
              ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd, 'v/1', 90);
            INSERT INTO igtv_series (id, user_id, title, description) VALUES
              ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd);
            """, new { Nfc, Nfd, TooLongName });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([(Nfc, Nfc), (TooLongName, Nfc)],
            await conn.QueryAsync<(string, string)>("SELECT full_name, bio FROM users ORDER BY username"));
        var composed = await conn.QueryAsync<string>("""
            SELECT text FROM notes UNION ALL SELECT group_name FROM conversations UNION ALL SELECT content FROM messages
            UNION ALL SELECT name FROM collections UNION ALL SELECT description FROM collections UNION ALL SELECT title FROM highlights
            UNION ALL SELECT title FROM igtv_videos UNION ALL SELECT description FROM igtv_videos
            UNION ALL SELECT title FROM igtv_series UNION ALL SELECT description FROM igtv_series
            """);
        Assert.Equal(Enumerable.Repeat(Nfc, 10), composed);
    }
}
