using Dapper;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Shopping;

/// <summary>
/// What a PATCH /products/{id} body changes (RFC 7396): absent members stay, category, brand, sku and url may be cleared
/// with null, the rest may not. Each field goes through the same rule as on create.
/// </summary>
internal sealed class ProductPatch
{
    private bool _setName, _setDescription, _setPrice, _setCurrency, _setCategory, _setBrand, _setSku, _setUrl, _setStock, _setAvailable;
    private string? _name, _description, _currency, _category, _brand, _sku, _url;
    private decimal _price;
    private int _stock;
    private bool _available;

    /// <summary>The whole new photo list, or null when the patch leaves the photos alone.</summary>
    public IReadOnlyList<Guid>? Images { get; private set; }

    public static ProductPatch Read(MergePatch patch, Validation errors)
    {
        var c = new ProductPatch();
        if (c._setName = patch.String("name", out var name, nullable: false)) c._name = ProductRules.Name(name, errors);
        if (c._setDescription = patch.String("description", out var description, nullable: false))
            c._description = ProductRules.Description(description, errors);
        if (c._setPrice = patch.Decimal("price", out var price))
        {
            c._price = price;
            ProductRules.Price(price, errors);
        }
        if (c._setCurrency = patch.String("currency", out var currency, nullable: false)) c._currency = ProductRules.Currency(currency, errors);
        if (c._setCategory = patch.String("category", out var category)) c._category = ProductRules.Label("category", category, errors);
        if (c._setBrand = patch.String("brand", out var brand)) c._brand = ProductRules.Label("brand", brand, errors);
        if (c._setSku = patch.String("sku", out var sku)) c._sku = ProductRules.Sku(sku, errors);
        if (c._setUrl = patch.String("url", out var url)) c._url = ProductRules.Url(url, errors);
        if (c._setStock = patch.Integer("stockQuantity", out var stock))
        {
            c._stock = stock;
            ProductRules.Stock(stock, errors);
        }
        c._setAvailable = patch.Boolean("isAvailable", out c._available);
        if (patch.Array("images", out var array))
        {
            var ids = new List<Guid>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String && Guid.TryParse(array[i]!.GetValue<string>(), out var id)) ids.Add(id);
                else errors.Add($"images[{i}]", "Must be the id of an upload requested with purpose 'product'.");
            }
            ProductRules.Images(ids, errors);
            c.Images = ids;
        }
        return c;
    }

    /// <summary>
    /// The product's price and currency after the patch, from <paramref name="price"/> and <paramref name="currency"/> as read
    /// under the edit's row lock, checked together (ProductRules.PriceInCurrency): either may change alone.
    /// </summary>
    public void CheckPriceInCurrency(decimal price, string currency, Validation errors)
    {
        if (!_setPrice && !_setCurrency) return;
        if (!_setCurrency) ProductRules.PriceInStoredCurrency(currency, errors);
        ProductRules.PriceInCurrency(_setPrice ? _price : price, _setCurrency ? _currency! : currency, _setPrice ? "price" : "currency", errors);
    }

    public DynamicParameters Parameters(Guid productId, Guid viewer, DateTimeOffset now) => new(new
    {
        productId, viewer, now,
        setName = _setName, name = _name, setDescription = _setDescription, description = _description,
        setPrice = _setPrice, price = _price, setCurrency = _setCurrency, currency = _currency,
        setCategory = _setCategory, category = _category, setBrand = _setBrand, brand = _brand, setSku = _setSku, sku = _sku, setUrl = _setUrl, url = _url,
        setStock = _setStock, stockQuantity = _stock, setAvailable = _setAvailable, isAvailable = _available,
    });
}
