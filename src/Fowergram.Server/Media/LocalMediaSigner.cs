using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fowergram.Server.Media;

/// <summary>What a local media URL allows: one method on one object until an instant; for uploads, a size cap.</summary>
internal sealed record LocalMediaGrant(string Method, string ObjectName, long ExpiresAtUnix, long? MaxSize, string ContentType);

/// <summary>
/// HMAC-SHA256 over "fowergram-media-v1\n{method}\n{object}\n{exp}\n{max}\n{contentType}", base64url in
/// <c>sig</c>. Every field that limits the URL is signed, so changing any of them (or the path) breaks it.
/// </summary>
internal sealed class LocalMediaSigner(byte[] key)
{
    public string Sign(LocalMediaGrant grant) => Base64Url.EncodeToString(Mac(grant));

    /// <summary>The query string that carries <paramref name="grant"/>.</summary>
    public string Query(LocalMediaGrant grant)
    {
        var query = new StringBuilder("?exp=").Append(grant.ExpiresAtUnix.ToString(CultureInfo.InvariantCulture));
        if (grant.MaxSize is { } max) query.Append("&max=").Append(max.ToString(CultureInfo.InvariantCulture));
        return query.Append("&ct=").Append(Uri.EscapeDataString(grant.ContentType))
            .Append("&sig=").Append(Sign(grant)).ToString();
    }

    /// <summary>The grant a request's query proves for this method and object, or null when it proves none.</summary>
    public LocalMediaGrant? Verify(string method, string objectName, IQueryCollection query)
    {
        if (!long.TryParse(query["exp"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)) return null;
        long? max = null;
        var rawMax = query["max"].ToString();
        if (method == HttpMethods.Put)
        {
            if (!long.TryParse(rawMax, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return null;
            max = parsed;
        }
        else if (rawMax.Length > 0) return null;
        var contentType = query["ct"].ToString();
        var sig = query["sig"].ToString();
        if (contentType.Length == 0 || sig.Length is 0 or > 100) return null;
        byte[] presented;
        try { presented = Base64Url.DecodeFromChars(sig); }
        catch (FormatException) { return null; }
        var grant = new LocalMediaGrant(method, objectName, exp, max, contentType);
        return CryptographicOperations.FixedTimeEquals(Mac(grant), presented) ? grant : null;
    }

    private byte[] Mac(LocalMediaGrant g) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n',
        "fowergram-media-v1", g.Method, g.ObjectName, g.ExpiresAtUnix.ToString(CultureInfo.InvariantCulture),
        g.MaxSize?.ToString(CultureInfo.InvariantCulture) ?? "", g.ContentType)));
}
