using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0262 composes (NFC) the user-written text stored before session 56 composed new text (docs/api.md "Composed
/// text"): a profile link's title and the business category and address inside users' JSON, passkey names, report details,
/// and the messages of suspension and removal appeals. A text that composing would make too long for its limit stays as
/// typed, as a new one does; text already composed, and everything around it in the JSON, is left alone.
/// </summary>
public sealed class ProfilePasskeyReportAppealTextNfcTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "Caf\u00e9", Nfd = "Cafe\u0301";

    // U+0958 is a composition exclusion: NFC decomposes it to U+0915 U+093C, so each one is two characters once composed.
    private static string Doubling(int characters) => string.Concat(Enumerable.Repeat("\u0958", characters));

    [Fact]
    public async Task Text_stored_decomposed_is_composed_and_text_composing_would_make_too_long_stays_as_typed()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 262).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var links = $$"""
            [{"url": "https://a.example", "title": "{{Nfd}}"}, {"url": "https://b.example", "title": "{{Doubling(30)}}"},
             {"url": "https://c.example", "title": "{{Nfc}}"}]
            """;
        var business = $$"""{"category": "{{Nfd}}", "email": "shop@example.test", "phone": null, "address": "{{Nfd}} 1"}""";
        var tooLongBusiness = $$"""{"category": "{{Doubling(64)}}", "address": "{{Nfd}}"}""";
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, external_links, business_info) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x', @links::jsonb, @business::jsonb),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x', '[]', @tooLongBusiness::jsonb);
            INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, aaguid, transports, backed_up, name, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', '\x00112233445566778899aabbccddeeff', '\x01',
               0, '00000000-0000-0000-0000-000000000000', '{}', false, @Nfd, now()),
              ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', '\x10112233445566778899aabbccddeeff', '\x01',
               0, '00000000-0000-0000-0000-000000000000', '{}', false, @TooLongName, now());
            INSERT INTO reports (id, reporter_id, target_type, target_id, reason, details) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000002', 'user', '00000000-0000-0000-0000-000000000001', 'spam', @Nfd),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000002', 'post', '00000000-0000-0000-0000-0000000000f1', 'spam', @TooLongDetails);
            INSERT INTO content_removals (report_id, owner_id, target_type, target_id, removed_at, appealable_until, appeal_message, appealed_at, appeal_status)
            VALUES ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000001', 'post', '00000000-0000-0000-0000-0000000000f1',
                    now(), now() + interval '30 days', @Nfd, now(), 'open');
            INSERT INTO suspension_appeals (id, user_id, suspension_id, suspended_at, message) VALUES
              ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000c2', now(), @Nfd);
            """, new { links, business, tooLongBusiness, Nfd, TooLongName = Doubling(50), TooLongDetails = Doubling(1500) });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([Nfc, Doubling(30), Nfc], await conn.QueryAsync<string>(
            "SELECT l ->> 'title' FROM users, jsonb_array_elements(external_links) WITH ORDINALITY AS e (l, i) WHERE username = 'a' ORDER BY i"));
        Assert.Equal(["https://a.example", "https://b.example", "https://c.example"], await conn.QueryAsync<string>(
            "SELECT l ->> 'url' FROM users, jsonb_array_elements(external_links) WITH ORDINALITY AS e (l, i) WHERE username = 'a' ORDER BY i"));
        Assert.Equal([(Nfc, $"{Nfc} 1", "shop@example.test"), (Doubling(64), Nfc, null)], await conn.QueryAsync<(string, string, string?)>(
            "SELECT business_info ->> 'category', business_info ->> 'address', business_info ->> 'email' FROM users ORDER BY id"));
        Assert.Equal([Nfc, Doubling(50)], await conn.QueryAsync<string>("SELECT name FROM passkeys ORDER BY id"));
        Assert.Equal([Nfc, Doubling(1500)], await conn.QueryAsync<string>("SELECT details FROM reports ORDER BY id"));
        Assert.Equal([Nfc, Nfc], await conn.QueryAsync<string>(
            "SELECT appeal_message FROM content_removals UNION ALL SELECT message FROM suspension_appeals"));
    }
}
