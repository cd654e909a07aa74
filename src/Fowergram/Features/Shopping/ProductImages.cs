using Dapper;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Sets a product's photos inside the transaction that writes the product: uploads already on the product stay,
/// new ones are claimed exactly as post media are (MediaUploads.ClaimAsync, purpose 'product'), and the ones left
/// out are released so media-cleanup deletes their objects. Any refused claim rolls everything back.
/// </summary>
public sealed class ProductImages(MediaUploads uploads)
{
    /// <summary>Null when done, else the problem to answer with (the caller then rolls back).</summary>
    internal async Task<IResult?> SetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid sellerId, Guid productId,
        IReadOnlyList<Guid> wanted, DateTimeOffset now, CancellationToken ct)
    {
        var current = (await conn.QueryAsync<Guid>(new CommandDefinition(ProductsSql.Images, new { productId }, tx, cancellationToken: ct))).ToList();
        await uploads.LockClaimsAsync(conn, tx, wanted.Except(current), ct);
        for (var i = 0; i < wanted.Count; i++)
        {
            if (current.Contains(wanted[i])) continue;
            var claim = await uploads.ClaimAsync(conn, tx, sellerId, wanted[i], MediaPurpose.Product, ct);
            if (!claim.Succeeded) return claim.ToProblem($"images[{i}]");
        }
        await conn.ExecuteAsync(new CommandDefinition(ProductsSql.ClearImages, new { productId }, tx, cancellationToken: ct));
        for (var i = 0; i < wanted.Count; i++)
            await conn.ExecuteAsync(new CommandDefinition(ProductsSql.InsertImage,
                new { productId, uploadId = wanted[i], position = (short)i, now }, tx, cancellationToken: ct));
        var removed = current.Except(wanted).ToArray();
        if (removed.Length > 0) await ReleaseAsync(conn, tx, removed, now, ct);
        return null;
    }

    internal static Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] uploadIds, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(ProductsSql.Release, new { uploadIds, now }, tx, cancellationToken: ct));
}
