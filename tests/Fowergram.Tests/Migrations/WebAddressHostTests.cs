using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0255 writes the internationalised hosts of web addresses saved before 2026-12-07 as <see cref="WebAddress.Normalize"/>
/// stores new ones, their A-labels, so a host has one stored form; a host with an invisible character stays as typed (the API
/// refuses it; no rewrite can say which host was meant). Profile links, story link stickers, product pages.
/// </summary>
public sealed class WebAddressHostTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    /// <summary>As stored before 0255 (after 0253's small letters), and as Normalize stores it now.</summary>
    private static readonly (string Before, string After)[] Addresses =
    [
        ("https://bÜcher.example:8443/Ä?q=Ü#Ö", "https://xn--bcher-kva.example:8443/Ä?q=Ü#Ö"),
        ("http://Ana:Pass@münchen.example/", "http://Ana:Pass@xn--mnchen-3ya.example/"),
        ("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/パス"),
        ("https://пример.example", "https://xn--e1afmkfd.example"),
        ("https://bu\u0308cher.example/", "https://xn--bcher-kva.example/"), // an accent typed apart: composed here, refused by the API
        ("https://xn--bcher-kva.example/a", "https://xn--bcher-kva.example/a"),
        ("https://plain.example/Ü", "https://plain.example/Ü"),
    ];

    /// <summary>Hosts the API refuses and no rewrite can be sure of: an invisible character, a fullwidth form.</summary>
    private static readonly string[] Kept = ["https://shop\u200B.example/mug", "https://ｓｈｏｐ.example/x"];

    [Fact]
    public async Task Internationalised_hosts_become_their_A_labels_as_the_API_stores_them_and_invisible_ones_stay()
    {
        foreach (var (before, after) in Addresses.Where(a => !a.Before.Contains('\u0308'))) // the migration follows the rule the API writes by
            Assert.Equal(after, WebAddress.Normalize(before, httpsOnly: false, out _));
        foreach (var kept in Kept) Assert.Null(WebAddress.Normalize(kept, httpsOnly: false, out _));

        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 255).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var all = Addresses.Select(a => a.Before).Concat(Kept).ToArray();
        var links = System.Text.Json.JsonSerializer.Serialize(all.Select((url, i) => new { title = $"Link {i}", url }));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, external_links)
            VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x', @links::jsonb);
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, expires_at, link_url)
            SELECT ('00000000-0000-0000-0000-0000000001' || lpad(n::text, 2, '0'))::uuid, '00000000-0000-0000-0000-000000000001',
                   's/' || n, 'image', 'public', now() + interval '1 day', url
              FROM unnest(@all) WITH ORDINALITY AS a (url, n);
            INSERT INTO products (id, user_id, name, price, currency, url)
            SELECT ('00000000-0000-0000-0000-0000000003' || lpad(n::text, 2, '0'))::uuid, '00000000-0000-0000-0000-000000000001',
                   'Mug', 12.50, 'EUR', url
              FROM unnest(@all) WITH ORDINALITY AS a (url, n) WHERE url LIKE 'https://%';
            """, new { links, all });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        var expected = Addresses.Select(a => a.After).Concat(Kept).ToList();
        var profile = System.Text.Json.JsonDocument.Parse(await conn.ExecuteScalarAsync<string>(
            "SELECT external_links::text FROM users") ?? "[]").RootElement.EnumerateArray().ToList();
        Assert.Equal(expected, profile.Select(l => l.GetProperty("url").GetString()));
        Assert.Equal(expected, await conn.QueryAsync<string>("SELECT link_url FROM stories ORDER BY id"));
        Assert.Equal(expected.Where(u => u.StartsWith("https://", StringComparison.Ordinal)),
            await conn.QueryAsync<string>("SELECT url FROM products ORDER BY id"));
    }
}
