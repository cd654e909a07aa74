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
    /// <summary>numeric(12, 2): ten digits before the point.</summary>
    public const decimal MaxPrice = 9_999_999_999.99m;

    public static string? Name(string? value, Validation errors)
    {
        var name = value?.Trim();
        errors.Required("name", name).MaxLength("name", name, NameMax);
        return name;
    }

    public static string Description(string? value, Validation errors)
    {
        var description = value?.Trim() ?? "";
        errors.MaxLength("description", description, DescriptionMax);
        return description;
    }

    /// <summary>category and brand: optional labels; blank means none.</summary>
    public static string? Label(string field, string? value, Validation errors)
    {
        var label = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        errors.MaxLength(field, label, LabelMax);
        return label;
    }

    public static string? Sku(string? value, Validation errors)
    {
        var sku = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        errors.MaxLength("sku", sku, SkuMax);
        return sku;
    }

    /// <summary>
    /// The seller's page for the product (the app has no checkout): https, or none (null or blank). Uri reads more as https
    /// than the text products_url_check accepts ("https://" then a host, matched as written): a scheme in capitals, which
    /// means the same (RFC 3986) and is kept in small letters, and a backslash for a slash ("https:/\host"), which is refused.
    /// Both reached the CHECK as a 500 until 2026-12-07.
    /// </summary>
    public static string? Url(string? value, Validation errors)
    {
        var url = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (url is null) return null;
        if (url.StartsWith(HttpsPrefix, StringComparison.OrdinalIgnoreCase)) url = HttpsPrefix + url[HttpsPrefix.Length..];
        if (WebAddress.Problem(url, httpsOnly: true) is { } problem) errors.Add("url", problem);
        else if (!url.StartsWith(HttpsPrefix, StringComparison.Ordinal) || url.Length == HttpsPrefix.Length || url[HttpsPrefix.Length] == '/')
            errors.Add("url", "Must be an https address, like https://example.com/item.");
        return url;
    }

    private const string HttpsPrefix = "https://";

    public static void Price(decimal? price, Validation errors)
    {
        if (price is not { } p) errors.Add("price", "This field is required: a number of at least 0 with at most 2 decimals.");
        else if (p < 0 || p > MaxPrice) errors.Add("price", $"Must be from 0 to {MaxPrice}.");
        else if (decimal.Round(p, 2) != p) errors.Add("price", "Must have at most 2 decimals.");
    }

    public static string? Currency(string? value, Validation errors)
    {
        if (string.IsNullOrEmpty(value)) errors.Add("currency", "This field is required: an ISO 4217 code such as EUR.");
        else if (!CurrencyCodes.IsActive(value)) errors.Add("currency", "Must be an active ISO 4217 code in capitals, such as EUR or USD.");
        return value;
    }

    /// <summary>
    /// A valid price in a valid currency with more decimals than the currency has (CurrencyCodes.Decimals: 12.50 JPY), named by
    /// <paramref name="field"/>: price when it was sent, currency when only the currency changed under a price it does not fit.
    /// </summary>
    public static void PriceInCurrency(decimal price, string currency, string field, Validation errors)
    {
        var decimals = CurrencyCodes.Decimals(currency);
        if (decimals < 2 && decimal.Round(price, decimals) != price)
            errors.Add(field, $"{currency} has no minor unit: a price in it is a whole number.");
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
