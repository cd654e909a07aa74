using System.Net;
using System.Text.Json.Nodes;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// A product's price is read by one rule (ExactDecimal.TryRead: a JSON number, or a string whose whole text is one) on
/// POST /products and PATCH /products/{id}; the document describes exactly that on both requests, and a number in the
/// answers. Until session 55 it said "number" only, and a client generated from it could not send "12.50".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDecimalTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    /// <summary>Each as written in the body; all within two decimals, so that only the syntax decides.</summary>
    private static readonly string[] Written =
    [
        "12.5", "\"12.50\"", "\"12\"", "\"1.5E1\"", "\"-0\"", "\"01\"", "\"+1\"", "\" 12\"", "\"12.\"", "\".5\"", "\"NaN\"", "\"12,50\"",
        "\"12.50\\n\"", "\"\"", "true", "[12]", "{}",
    ];

    [Fact]
    public async Task The_documented_price_takes_exactly_what_post_and_patch_take_and_answers_describe_a_number()
    {
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/api/v1/openapi.json"))!;
        var checker = new OpenApiShapeChecker(document);
        var post = checker.Resolve(document["paths"]!["/api/v1/products"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!)["properties"]!["price"]!;
        var patch = document["paths"]!["/api/v1/products/{id}"]!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!["price"]!;
        var seller = await _shop.SellerAsync();
        var id = await _shop.ProductIdAsync(seller);
        var failures = new List<string>();
        foreach (var written in Written)
        {
            var value = JsonNode.Parse(written);
            var created = await _shop.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/products", seller, $$"""{"name":"Mug","price":{{written}},"currency":"EUR"}""");
            var patched = await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{id}", seller, $$"""{"price":{{written}}}""");
            foreach (var (route, schema, response) in new[] { ("POST", post, created), ("PATCH", patch, patched) })
            {
                var documented = checker.Problems(value, schema).Count == 0;
                var taken = response.IsSuccessStatusCode;
                if (!taken && response.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{route} {written}: answered {(int)response.StatusCode}");
                if (documented != taken) failures.Add($"{route} price {written}: the document {(documented ? "takes" : "refuses")} it, the route {(taken ? "took" : "refused")} it");
            }
        }
        var answer = checker.Resolve(document["components"]!["schemas"]!["ProductView"]!)["properties"]!["price"]!;
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal("""{"type":["number"]}""", answer.ToJsonString());
    }
}
