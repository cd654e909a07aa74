using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A product page's host (WebHost, shared with profile links and story link stickers): one stored form, ASCII with an
/// internationalised name as its A-labels, and no invisible character, which IDNA would drop so that the link looks like,
/// and leads to, another host (both kept as typed until 2026-12-07).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductUrlHostTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Theory]
    [InlineData("https://bücher.example/Mugs?q=Ä")]
    [InlineData("https://BÜCHER.example/Mugs?q=Ä")]
    [InlineData("https://xn--bcher-kva.example/Mugs?q=Ä")]
    [InlineData("https://XN--BCHER-KVA.EXAMPLE/Mugs?q=Ä")]
    public async Task An_internationalised_host_is_stored_as_its_A_labels_however_it_was_written(string url)
    {
        var seller = await _shop.SellerAsync();
        var created = await (await _shop.CreateAsync(seller, new { name = "Mug", price = 12m, currency = "EUR", url }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("https://xn--bcher-kva.example/Mugs?q=Ä", created.GetProperty("url").GetString());

        var productId = created.GetProperty("id").GetGuid();
        var moved = await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller,
            new { url = url.Replace(".example/", ".example:8443/", StringComparison.OrdinalIgnoreCase) })).ReadJsonAsync();
        Assert.Equal("https://xn--bcher-kva.example:8443/Mugs?q=Ä", moved.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("https://shop\\u200B.example/mug")] // zero-width space
    [InlineData("https://shop.exam\\u00ADple/mug")] // soft hyphen
    [InlineData("https://sh\\u200Dop.example/mug")] // zero-width joiner
    [InlineData("https://\\u2060shop.example/mug")] // word joiner
    [InlineData("https://shop.example\\uFEFF/mug")] // byte order mark
    [InlineData("https://sho\\uFE0Fp.example/mug")] // variation selector
    [InlineData("https://shop\\u3164.example/mug")] // Hangul filler
    [InlineData("https://shop\\u034F.example/mug")] // combining grapheme joiner
    [InlineData("https://shop\\uDB40\\uDC41.example/mug")] // a tag character (U+E0041)
    [InlineData("https://user@shop\\u200B.example:443/mug")] // after a user part, before a port
    [InlineData("https://b\\u00FCcher\\u200C.example/mug")] // a non-joiner in an internationalised name
    [InlineData("https://shop.example/\\u202Egpj.exe")] // a bidi override, anywhere in the address
    [InlineData("https://xn--.example/mug")] // an A-label that decodes to nothing
    [InlineData("https://\uFF53\uFF48\uFF4F\uFF50.example/mug")] // fullwidth letters, which IDNA would fold to "shop"
    [InlineData("https://shop\u3002example/mug")] // an ideographic full stop
    [InlineData("https://bu\u0308cher.example/mug")] // an accent typed apart
    public async Task An_invisible_or_look_alike_character_in_the_host_is_a_400_naming_url_on_create_and_on_patch(string escaped)
    {
        var seller = await _shop.SellerAsync();
        await (await _shop.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/products", seller,
            $$"""{"name":"Mug","price":12,"currency":"EUR","url":"{{escaped}}"}""")).AssertValidationErrorAsync("url");
        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM products WHERE user_id = @id", new { id = seller.Id }));

        var productId = await _shop.ProductIdAsync(seller);
        await (await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, $$"""{"url":"{{escaped}}"}"""))
            .AssertValidationErrorAsync("url");
        Assert.Null(await _shop.Posts.ScalarAsync<string?>("SELECT url FROM products WHERE id = @productId", new { productId }));
    }
}
