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
/// never to the seller, only to live wishers who may still see the seller's products, who saved it by the time of the
/// event (one who saved it later saw it as it is now), and who were not told the same of it within <see cref="Window"/> (a
/// drop below the price last told is news, though).
/// Idempotent through ConsumerRunner: the processed marker commits with the notices. The notifications list re-checks
/// the product (entity 'product') when read.
/// </summary>
public sealed class ShopNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "shop-notifications";

    /// <summary>
    /// At most one notice of a kind per wisher and product in this long: a seller flipping a product off and on, or its price
    /// down, up and down again, tells each wisher once (migration 0249: wishlists.price_drop_told_at, restock_told_at); only a
    /// drop deeper than the one told is told again within it.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// Fan-outs of one product take turns, so two events delivered at once (Service Bus hands them to any instance) cannot
    /// both find a wisher untold.
    /// </summary>
    private const string LockProduct = "SELECT pg_advisory_xact_lock(hashtext('shop-notifications'), hashtext(@productId::text))";

    /// <summary>
    /// Marks the wishers to tell as told at the event's time, in one statement, and answers them. Times are the events' own,
    /// so events delivered out of order debounce the same (a later one already told keeps an earlier one quiet).
    /// <paramref name="deeper"/> lets a wisher told within the window through all the same; <paramref name="alsoSet"/> records
    /// what they were told.
    /// </summary>
    private static string Recipients(string toldAt, string deeper = "false", string alsoSet = "") => $"""
        UPDATE wishlists w SET {toldAt} = greatest(w.{toldAt}, @at){alsoSet}
        FROM products pr, users r
        WHERE w.product_id = @productId AND pr.id = w.product_id AND r.id = w.user_id AND r.deleted_at IS NULL AND r.is_active
          AND pr.user_id = @sellerId AND pr.deleted_at IS NULL AND pr.is_available
          AND (@currency::text IS NULL OR (pr.currency = @currency AND pr.price <= @newPrice)) AND w.user_id <> pr.user_id
          AND w.created_at <= @at AND (w.{toldAt} IS NULL OR w.{toldAt} <= @at - @window OR {deeper})
          AND {VisibilityPolicy.ContentFilter("pr.user_id", "w.user_id")}
        RETURNING w.user_id
        """;

    /// <summary>
    /// A drop is told within the window too when it goes below the price the wisher was last told of, in that currency
    /// (migration 0253): down, up and down to the same price again is one notice; down and then further down, two. A wisher
    /// told before 0253 (no price kept) waits for the window, as before.
    /// </summary>
    private static readonly string PriceDropRecipients = Recipients("price_drop_told_at",
        deeper: "(w.price_drop_told_currency = @currency AND @newPrice < w.price_drop_told_price)",
        alsoSet: ", price_drop_told_price = @newPrice, price_drop_told_currency = @currency");

    private static readonly string RestockRecipients = Recipients("restock_told_at");

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
        await connection.ExecuteAsync(new CommandDefinition(LockProduct, new { notice.ProductId }, transaction, cancellationToken: ct));
        var recipients = (await connection.QueryAsync<Guid>(new CommandDefinition(notice.Type == "price_drop" ? PriceDropRecipients : RestockRecipients,
            new { notice.ProductId, notice.SellerId, notice.Currency, notice.NewPrice, at = envelope.OccurredAt, window = Window },
            transaction, cancellationToken: ct))).ToArray();
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
