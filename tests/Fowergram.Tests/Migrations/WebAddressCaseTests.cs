using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0253 writes the web addresses saved before session 52 as <see cref="WebAddress.Normalize"/> stores new ones: the
/// scheme and the host in small letters, the user part, port, path, query and fragment as typed; one the rule refuses (a
/// backslash before the path) stays as it was. Profile links (in order, titles untouched), story link stickers, product pages.
/// </summary>
public sealed class WebAddressCaseTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    /// <summary>As typed before session 52 (each passed WebAddress.Problem then), and as Normalize stores it now.</summary>
    private static readonly (string Typed, string Stored)[] Addresses =
    [
        ("HTTPS://Shop.Example/Mugs?Colour=Blue#Top", "https://shop.example/Mugs?Colour=Blue#Top"),
        ("Http://Ana:PassWord@WWW.Example.COM:8080/A/B", "http://Ana:PassWord@www.example.com:8080/A/B"),
        ("https://Café.Example?Q=1", "https://xn--caf-dma.example?Q=1"), // 0253 lowered it, 0255 wrote its A-label (WebAddressHostTests)
        ("https://already.example/Path", "https://already.example/Path"),
        ("HTTPS://Example.com#Frag://X", "https://example.com#Frag://X"),
        (@"HTTPS:\\Back.Example/X", @"HTTPS:\\Back.Example/X"),
    ];

    [Fact]
    public async Task Scheme_and_host_are_lowered_as_WebAddress_Normalize_lowers_them_and_nothing_else()
    {
        foreach (var (typed, stored) in Addresses[..^1]) // the migration follows the rule the API writes by
            Assert.Equal(stored, WebAddress.Normalize(typed, httpsOnly: false, out _));
        Assert.Null(WebAddress.Normalize(Addresses[^1].Typed, httpsOnly: false, out _));

        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 253).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var links = System.Text.Json.JsonSerializer.Serialize(Addresses.Select((a, i) => new { title = $"Link {i} ÄB", url = a.Typed }).Take(5));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, external_links) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x', @links::jsonb),
              ('00000000-0000-0000-0000-000000000002', 'b@example.test', 'b', 'x', '[{"title": "Odd", "url": 5}, "text"]');
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, expires_at, link_url)
            SELECT ('00000000-0000-0000-0000-0000000001' || lpad(n::text, 2, '0'))::uuid, '00000000-0000-0000-0000-000000000001',
                   's/' || n, 'image', 'public', now() + interval '1 day', url
              FROM unnest(@urls) WITH ORDINALITY AS a (url, n);
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, expires_at)
            VALUES ('00000000-0000-0000-0000-000000000200', '00000000-0000-0000-0000-000000000001', 's/none', 'image', 'public', now() + interval '1 day');
            INSERT INTO products (id, user_id, name, price, currency, url) VALUES
              ('00000000-0000-0000-0000-000000000301', '00000000-0000-0000-0000-000000000001', 'Mug', 12.50, 'EUR', 'https://Shop.EXAMPLE/Mugs/Blue'),
              ('00000000-0000-0000-0000-000000000302', '00000000-0000-0000-0000-000000000001', 'Tote', 12.50, 'EUR', NULL);
            """, new { links, urls = Addresses.Select(a => a.Typed).ToArray() });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        var profile = System.Text.Json.JsonDocument.Parse(await conn.ExecuteScalarAsync<string>(
            "SELECT external_links::text FROM users WHERE username = 'a'") ?? "[]").RootElement.EnumerateArray().ToList();
        Assert.Equal(Addresses.Take(5).Select(a => a.Stored), profile.Select(l => l.GetProperty("url").GetString()));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Link {i} ÄB"), profile.Select(l => l.GetProperty("title").GetString()));
        Assert.Equal("""[{"url": 5, "title": "Odd"}, "text"]""", await conn.ExecuteScalarAsync<string>("SELECT external_links::text FROM users WHERE username = 'b'"));
        Assert.Equal(Addresses.Select(a => a.Stored).Append(null),
            await conn.QueryAsync<string?>("SELECT link_url FROM stories ORDER BY id"));
        Assert.Equal(["https://shop.example/Mugs/Blue", null], await conn.QueryAsync<string?>("SELECT url FROM products ORDER BY id"));
    }
}
