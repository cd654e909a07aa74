using System.Globalization;
using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>product.price_dropped (actor: the seller): a product's price went down, in the same currency, while it was for sale.</summary>
public sealed record PriceDropEvent(Guid ProductId, Guid SellerId, string Name, decimal OldPrice, decimal NewPrice, string Currency,
    string EntityType, Guid EntityId)
{
    public const string Type = "product.price_dropped";

    /// <summary>
    /// What the notice says beside its text, in the currency's decimals: "Mug: 9.00 EUR, was 12.00"; "Mug: 900 JPY, was 1200"
    /// (no minor unit); "Mug: 1.250 BHD, was 1.500" (thousandths).
    /// </summary>
    public string Message => $"{Name}: {Amount(NewPrice)} {Currency}, was {Amount(OldPrice)}";

    // A price stored before whole-unit currencies were held to whole prices (2026-12-07) keeps its cents rather than being rounded.
    private string Amount(decimal price) => price.ToString(CurrencyCodes.Decimals(Currency) switch
    {
        0 when decimal.Round(price) == price => "0",
        3 => "0.000",
        _ => "0.00",
    }, CultureInfo.InvariantCulture);
}

/// <summary>product.back_in_stock (actor: the seller): an unavailable product was made available again.</summary>
public sealed record BackInStockEvent(Guid ProductId, Guid SellerId, string Name, string EntityType, Guid EntityId)
{
    public const string Type = "product.back_in_stock";

    public string Message => $"{Name} is available again";
}

/// <summary>
/// What wishers hear of (docs/shopping.md "Price drops and restocks"): an edit that lowers a product's price, or makes it
/// available again, raises <see cref="PriceDropEvent"/> or <see cref="BackInStockEvent"/>. The product is read before the
/// edit under the row lock the edit holds and compared after it, in the edit's transaction, so each change is one event.
/// </summary>
internal static class WishlistNews
{
    private const string Read = "SELECT name, price, currency, is_available FROM products WHERE id = @productId";

    /// <summary>The product's name, price, currency and availability now (called under the edit's row lock).</summary>
    public static Task<ProductState> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, CancellationToken ct) =>
        conn.QuerySingleAsync<ProductState>(new CommandDefinition(Read, new { productId }, tx, cancellationToken: ct));

    public static async Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid sellerId, Guid productId,
        ProductState before, CancellationToken ct)
    {
        var after = await ReadAsync(conn, tx, productId, ct);
        if (!after.IsAvailable) return;
        if (!before.IsAvailable)
            await Outbox.EnqueueAsync(conn, tx, time, BackInStockEvent.Type, sellerId,
                new BackInStockEvent(productId, sellerId, after.Name, "product", productId), ct);
        else if (after.Currency == before.Currency && after.Price < before.Price)
            await Outbox.EnqueueAsync(conn, tx, time, PriceDropEvent.Type, sellerId,
                new PriceDropEvent(productId, sellerId, after.Name, before.Price, after.Price, after.Currency, "product", productId), ct);
    }

    internal sealed class ProductState
    {
        public string Name { get; init; } = "";
        public decimal Price { get; init; }
        public string Currency { get; init; } = "";
        public bool IsAvailable { get; init; }
    }
}
