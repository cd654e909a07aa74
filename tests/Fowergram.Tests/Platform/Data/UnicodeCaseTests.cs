using System.Text.Json;
using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Data;

/// <summary>
/// Case-insensitive matching of non-ASCII text (docs/deploy.md "Database locale"). lower(), ILIKE and pg_trgm follow the
/// database's character classes: with the C locale the scripts once gave every database they fold ASCII only, so here
/// "élodie" did not find "ÉLODIE" where Azure's en_US.utf8 does. The scripts now create databases with C.UTF-8 character
/// classes (byte-order collation kept), so tests see what production does.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnicodeCaseTests(FowergramApp app)
{
    [Fact]
    public async Task The_database_folds_the_case_of_every_script_and_keeps_byte_order()
    {
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        Assert.True(await conn.ExecuteScalarAsync<bool>(DatabaseLocale.FoldsUnicode), "lower('É') is not 'é': the database folds ASCII only");
        Assert.Equal(("élodie ørsted δ", true, true), await conn.QuerySingleAsync<(string, bool, bool)>(
            "SELECT lower('ÉLODIE ØRSTED Δ'), 'ÉLODIE' ILIKE 'élodie', 'B' < 'a'"));
    }

    [Fact]
    public async Task Account_search_finds_a_full_name_whatever_the_case_of_its_accented_letters()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var account = await app.Client.RegisterAsync(fullName: $"ÉLODIE ØRSTED {suffix}");

        var found = await (await app.Client.GetAsync($"/api/v1/users/search?q={Uri.EscapeDataString($"élodie ørsted {suffix}")}", (string?)null)).ReadJsonAsync();

        Assert.Equal([account.Id], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }
}
