using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>A business account's products: create, read, edit (merge patch), delete (soft, final).</summary>
public sealed class ProductsApi(NpgsqlDataSource db, AccessTokens tokens, ProductImages images, ProductViews views, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateProductRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var sent = body.Value!;
        var written = await ComposedText.WrittenAsync(db, [(sent.Name, ProductRules.NameMax), (sent.Description, ProductRules.DescriptionMax),
            (sent.Category, ProductRules.LabelMax), (sent.Brand, ProductRules.LabelMax)], ct);
        var input = sent with { Name = written[0], Description = written[1], Category = written[2], Brand = written[3] };
        var errors = new Validation();
        var name = ProductRules.Name(input.Name, errors);
        var description = ProductRules.Description(input.Description, errors);
        ProductRules.Price(input.Price, errors);
        var currency = ProductRules.Currency(input.Currency, errors);
        if (input.Price is { } price && currency is not null && CurrencyCodes.IsActive(currency))
            ProductRules.PriceInCurrency(price, currency, "price", errors);
        var category = ProductRules.Label("category", input.Category, errors);
        var brand = ProductRules.Label("brand", input.Brand, errors);
        var sku = ProductRules.Sku(input.Sku, errors);
        var url = ProductRules.Url(input.Url, errors);
        ProductRules.Stock(input.StockQuantity, errors);
        var photos = input.Images ?? [];
        ProductRules.Images(photos, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        var productId = Ids.New(time);
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Sellers.RefusalAsync(conn, tx, viewer, ct) is { } refused) return refused;
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(ProductsSql.Insert, new
            {
                id = productId, viewer, name, description, price = input.Price, currency, category, brand, sku, url,
                stockQuantity = input.StockQuantity ?? 0, isAvailable = input.IsAvailable ?? true, now,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ProductRules.FromViolation(ex) is { } conflict)
        {
            return conflict;
        }
        if (await images.SetAsync(conn, tx, viewer, productId, photos, now, ct) is { } problem) return problem;
        // Read inside the transaction: after the commit a purge of the seller could leave nothing to answer with.
        var view = (await views.LoadAsync(conn, tx, viewer, [productId], ct))[0];
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/products/{productId}", view);
    }

    /// <summary>Anyone may read a product whose seller's content they may see (guests included); unavailable ones too.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadVisibleAsync(conn, caller?.UserId, productId, ct) is { } view ? Api.Ok(view)
            : await GoneCaller.NotFoundAsync(conn, caller?.UserId, "product", ct);
    }

    /// <summary>
    /// JSON merge patch of name, description, price, currency, category, brand, sku, url, stockQuantity, isAvailable and images
    /// (the whole new list of upload ids: ids already on the product stay, new ones are claimed, missing ones released).
    /// </summary>
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        var errors = new Validation();
        var (patch, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, patch!, ProductRules.Written, ct);
        var change = ProductPatch.Read(patch!, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Sellers.RefusalAsync(conn, tx, viewer, ct) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.LockOwn, new { productId, viewer }, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("product");
        var before = await WishlistNews.ReadAsync(conn, tx, productId, ct);
        change.CheckPriceInCurrency(before.Price, before.Currency, errors);
        if (!errors.IsValid) return errors.ToProblem();
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(ProductsSql.Update, change.Parameters(productId, viewer, now), tx, cancellationToken: ct));
        }
        catch (PostgresException ex) when (ProductRules.FromViolation(ex) is { } conflict)
        {
            return conflict;
        }
        if (change.Images is { } photos && await images.SetAsync(conn, tx, viewer, productId, photos, now, ct) is { } problem) return problem;
        await WishlistNews.RaiseAsync(conn, tx, time, viewer, productId, before, ct);
        var view = (await views.LoadAsync(conn, tx, viewer, [productId], ct))[0];
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>Allowed whatever the seller's category now is: tidying up never depends on it.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        var viewer = caller.UserId;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (!await ProductTakedown.RemoveAsync(conn, tx, productId, viewer, now, ct)) return Problems.NotFound("product");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task<ProductView?> ReadVisibleAsync(NpgsqlConnection conn, Guid? viewer, Guid productId, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.FindVisible, new { productId, viewer }, cancellationToken: ct)) is null)
            return null;
        return (await views.LoadAsync(conn, null, viewer, [productId], ct)).FirstOrDefault();
    }
}
