using Fowergram.Platform.Http;
using Npgsql;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Shopping;

/// <summary>The limits of a product (the CHECKs of migration 0007 and 0070, checked first so a client learns every bad field at once).</summary>
internal static class ProductRules
{
    public const int NameMax = 200;
    public const int DescriptionMax = 5000;
    public const int LabelMax = 100;
    public const int SkuMax = 64;
    public const int MaxImages = 10;
    /// <summary>Instagram's limit on product tags per post.</summary>
    public const int MaxTagsPerPost = 5;
    /// <summary>Ten digits before the point (products_price_decimals, as numeric(12, 2) held until migration 0249).</summary>
    public const decimal PriceLimit = 10_000_000_000m;

    /// <summary>The fields a seller writes, composed (Unicode NFC) before they are read: docs/api.md "Composed text".</summary>
    public static readonly IReadOnlyList<(string Field, int Max)> Written =
        [("name", NameMax), ("description", DescriptionMax), ("category", LabelMax), ("brand", LabelMax)];

    public static string? Name(string? value, Validation errors)
    {
        var name = value?.Trim();
        errors.Required("name", name).MaxLength("name", name, NameMax).OneLine("name", name);
        return name;
    }

    public static string Description(string? value, Validation errors)
    {
        var description = value?.Trim() ?? "";
        errors.Visible("description", description).MaxLength("description", description, DescriptionMax);
        return description;
    }

    /// <summary>
    /// category and brand: optional one-line labels; empty or white space means none, invisible characters alone are refused.
    /// </summary>
    public static string? Label(string field, string? value, Validation errors)
    {
        var label = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        errors.Visible(field, label).MaxLength(field, label, LabelMax).OneLine(field, label);
        return label;
    }

    public static string? Sku(string? value, Validation errors)
    {
        var sku = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        errors.MaxLength("sku", sku, SkuMax).OneLine("sku", sku);
        return sku;
    }

    /// <summary>
    /// The seller's page for the product (the app has no checkout): https, or none (null or blank), kept with its scheme and
    /// host in small letters (WebAddress.Normalize, shared with profile links and story link stickers): products_url_check
    /// reads the text ("https://" then a host). A scheme in capitals and a backslash for a slash ("https:/\host") reached that
    /// CHECK as a 500 until 2026-12-07.
    /// </summary>
    public static string? Url(string? value, Validation errors)
    {
        var url = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (url is null) return null;
        if (WebAddress.Normalize(url, httpsOnly: true, out var problem) is { } normal) return normal;
        errors.Add("url", problem!);
        return url;
    }

    public static void Price(decimal? price, Validation errors)
    {
        if (price is not { } p) errors.Add("price", "This field is required: a number of at least 0 with at most 2 decimals (3 in BHD and the like).");
        else if (p < 0 || p >= PriceLimit) errors.Add("price", $"Must be at least 0 and below {PriceLimit}.");
        else if (decimal.Round(p, 3) != p) errors.Add("price", "Must have at most 2 decimals (3 in BHD and the like).");
    }

    public static string? Currency(string? value, Validation errors)
    {
        if (string.IsNullOrEmpty(value)) errors.Add("currency", "This field is required: an ISO 4217 code such as EUR.");
        else if (CurrencyCodes.SuccessorOf(value) is { } successor) errors.Add("currency", Withdrawn(value, successor));
        else if (!CurrencyCodes.IsActive(value)) errors.Add("currency", "Must be an active ISO 4217 code in capitals, such as EUR or USD.");
        return value;
    }

    /// <summary>
    /// A new price in a product's stored currency that ISO 4217 has since withdrawn (ANG, BGN): the row stays readable and
    /// its other fields editable, but a price edit must name the currency too, as the seller converts it (ANG to XCG is
    /// one for one, BGN to EUR is not, so nothing converts it for them).
    /// </summary>
    public static void PriceInStoredCurrency(string storedCurrency, Validation errors)
    {
        if (CurrencyCodes.SuccessorOf(storedCurrency) is { } successor)
            errors.Add("currency", Withdrawn(storedCurrency, successor) + " Send the new price with its currency.");
    }

    private static string Withdrawn(string code, string successor) =>
        $"{code} is no longer an ISO 4217 currency: {successor} replaced it.";

    /// <summary>
    /// A valid price in a valid currency with more decimals than the currency has (CurrencyCodes.Decimals: 12.50 JPY, 1.255 EUR),
    /// named by <paramref name="field"/>: price when it was sent, currency when only the currency changed under a price it does
    /// not fit (1.255 BHD to EUR).
    /// </summary>
    public static void PriceInCurrency(decimal price, string currency, string field, Validation errors)
    {
        var decimals = CurrencyCodes.Decimals(currency);
        if (decimal.Round(price, decimals) == price) return;
        errors.Add(field, decimals == 0 ? $"{currency} has no minor unit: a price in it is a whole number."
            : $"A price in {currency} has at most {decimals} decimals.");
    }

    public static void Stock(int? stock, Validation errors)
    {
        if (stock < 0) errors.Add("stockQuantity", "Must be 0 or more.");
    }

    public static void Images(IReadOnlyList<Guid> images, Validation errors)
    {
        if (images.Count > MaxImages) errors.Add("images", $"At most {MaxImages} images.");
        if (images.Any(id => id == Guid.Empty)) errors.Add("images", "Each image is the id of an upload requested with purpose 'product'.");
        if (images.Distinct().Count() != images.Count) errors.Add("images", "Each upload may appear once.");
    }

    /// <summary>Another live product of the seller has the SKU (products_seller_sku_key, over live products only: 0217).</summary>
    public static bool IsSkuTaken(PostgresException ex) =>
        ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "products_seller_sku_key" };

    /// <summary>A seller's SKUs are unique: a second product with one is a conflict naming sku.</summary>
    public static IResult? FromViolation(PostgresException ex) =>
        IsSkuTaken(ex)
            ? Problems.Conflict("You already have a product with this SKU.",
                new Dictionary<string, string[]> { ["sku"] = ["Another of your products has this SKU."] })
            : null;
}
