using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Shopping;

/// <summary>
/// price_drop to each account with the product on its wishlist when its seller lowers the price, back_in_stock when the
/// seller makes it available again (docs/shopping.md "Price drops and restocks"). Checked at delivery: the product still
/// for sale (and for a drop: in that currency, at that price or lower; a drop taken back before delivery tells nobody),
/// never to the seller, only to live wishers who may still see the seller's products.
/// Idempotent through ConsumerRunner: the processed marker commits with the notices. The notifications list re-checks
/// the product (entity 'product') when read.
/// </summary>
public sealed class ShopNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "shop-notifications";

    private static readonly string Recipients = $"""
        SELECT w.user_id FROM wishlists w
        JOIN products pr ON pr.id = w.product_id
        JOIN users r ON r.id = w.user_id AND r.deleted_at IS NULL AND r.is_active
        WHERE w.product_id = @productId AND pr.user_id = @sellerId AND pr.deleted_at IS NULL AND pr.is_available
          AND (@currency::text IS NULL OR (pr.currency = @currency AND pr.price <= @newPrice)) AND w.user_id <> pr.user_id
          AND {VisibilityPolicy.ContentFilter("pr.user_id", "w.user_id")}
        """;

    private const string Notify = """
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT n.id, n.recipient, @sellerId, @type, 'product', @productId, @message, @at
          FROM unnest(@ids, @recipients) AS n (id, recipient)
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is PriceDropEvent.Type or BackInStockEvent.Type;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var notice = NoticeOf(envelope);
        var recipients = (await connection.QueryAsync<Guid>(new CommandDefinition(Recipients,
            new { notice.ProductId, notice.SellerId, notice.Currency, notice.NewPrice }, transaction, cancellationToken: ct))).ToArray();
        if (recipients.Length == 0) return;
        var ids = recipients.Select(_ => Ids.New(time)).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(Notify, new
        {
            ids, recipients, notice.Type, notice.SellerId, notice.ProductId, notice.Message, at = envelope.OccurredAt,
        }, transaction, cancellationToken: ct));
    }

    /// <summary>The notice an event asks for; a drop also names the currency and the price the product must still be at.</summary>
    private static Notice NoticeOf(EventEnvelope envelope)
    {
        if (envelope.Type == PriceDropEvent.Type)
        {
            var drop = envelope.PayloadAs<PriceDropEvent>();
            return new Notice("price_drop", drop.ProductId, drop.SellerId, drop.Currency, drop.NewPrice, drop.Message);
        }
        var restock = envelope.PayloadAs<BackInStockEvent>();
        return new Notice("back_in_stock", restock.ProductId, restock.SellerId, null, null, restock.Message);
    }

    private sealed record Notice(string Type, Guid ProductId, Guid SellerId, string? Currency, decimal? NewPrice, string Message);
}
