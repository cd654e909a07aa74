using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Product tags: a post's author tags their own products on their own post (PUT, idempotent: a second PUT moves the tag),
/// removes them (DELETE), and anyone who may see the post reads them; a product's page lists the posts featuring it.
/// </summary>
public sealed class ProductTagsApi(NpgsqlDataSource db, AccessTokens tokens, ProductViews views, PostCards cards, TimeProvider time)
{
    public async Task<IResult> Tag(HttpRequest request, string id, string productId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var post)) return Problems.NotFound("post");
        if (!Guid.TryParse(productId, out var product)) return Problems.NotFound("product");
        var body = await JsonBody.ReadAsync<ProductTagRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        Coordinate("x", body.Value!.X, errors);
        Coordinate("y", body.Value.Y, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var args = new { postId = post, productId = product, viewer = caller.UserId, x = body.Value.X, y = body.Value.Y, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Sellers.RefusalAsync(conn, tx, caller.UserId, ct) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductTagsSql.LockOwnPost, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("post");
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductTagsSql.OwnProduct, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("product");
        if (await conn.ExecuteAsync(new CommandDefinition(ProductTagsSql.Move, args, tx, cancellationToken: ct)) == 0)
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ProductTagsSql.Count, args, tx, cancellationToken: ct)) >= ProductRules.MaxTagsPerPost)
                return Problems.Conflict($"A post can tag at most {ProductRules.MaxTagsPerPost} products; remove one first.",
                    new Dictionary<string, string[]> { ["productId"] = [$"The post already tags {ProductRules.MaxTagsPerPost} products."] });
            await conn.ExecuteAsync(new CommandDefinition(ProductTagsSql.Insert, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The author removes a tag: 204 whether or not it was there; someone else's post is a 404.</summary>
    public async Task<IResult> Untag(HttpRequest request, string id, string productId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var post)) return Problems.NotFound("post");
        if (!Guid.TryParse(productId, out var product)) return Problems.NotFound("product");
        var args = new { postId = post, productId = product, viewer = caller.UserId };
        await using var conn = await db.OpenConnectionAsync(ct);
        var (live, found) = await conn.QuerySingleAsync<(bool Live, bool Found)>(new CommandDefinition(ProductTagsSql.Untag, args, cancellationToken: ct));
        return !live ? Problems.AccountGone() : found ? Api.NoContent() : Problems.NotFound("post");
    }

    /// <summary>GET /posts/{id}/products: the tags of a post the caller may see (PostAccess), for products still on sale.</summary>
    public async Task<IResult> OfPost(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, viewer, postId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "post", ct);
        var tags = (await conn.QueryAsync<TagRow>(new CommandDefinition(ProductTagsSql.OfPost, new { postId, viewer }, cancellationToken: ct))).ToList();
        var products = (await views.LoadAsync(conn, null, viewer, tags.Select(t => t.ProductId).ToList(), ct)).ToDictionary(p => p.Id);
        return Api.Ok(new ProductTagsView(tags.Where(t => products.ContainsKey(t.ProductId))
            .Select(t => new ProductTagView(t.X, t.Y, products[t.ProductId])).ToList()));
    }

    /// <summary>GET /products/{id}/posts: posts featuring a product the caller may see, each post through PostAccess.VisibleTo.</summary>
    public async Task<IResult> PostsOf(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.FindVisible, new { productId, viewer }, cancellationToken: ct)) is null)
            return await GoneCaller.NotFoundAsync(conn, viewer, "product", ct);
        return Api.Ok(await cards.PageAsync(conn, viewer, ProductTagsSql.PostsOfProduct, page, new { productId, viewer }, ct));
    }

    private static void Coordinate(string field, double? value, Validation errors)
    {
        if (value is not { } v) errors.Add(field, "This field is required: a number from 0 to 1.");
        else if (!double.IsFinite(v) || v < 0 || v > 1) errors.Add(field, "Must be from 0 to 1.");
    }

    private sealed class TagRow
    {
        public Guid ProductId { get; init; }
        public double X { get; init; }
        public double Y { get; init; }
    }
}
