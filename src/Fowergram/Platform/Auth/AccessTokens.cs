using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Auth;

/// <summary>
/// Short-lived HS256 JWT access tokens. Hand-rolled on purpose: the format is small, the checks are
/// explicit below (alg pinned, signature in constant time, iss/aud/exp/nbf), and it keeps the core
/// library free of packages the Functions host would have to carry too.
/// </summary>
public sealed class AccessTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");
    private readonly byte[] _key = options.Value.SigningKeyBytes();
    private AuthOptions Options => options.Value;

    /// <summary>A token for the user, naming the session (refresh-token family) it belongs to when there is one (<c>sid</c>).</summary>
    public IssuedAccessToken Issue(Guid userId, string username, Guid? sessionId = null)
    {
        var now = time.GetUtcNow();
        var expires = now + Options.AccessTokenLifetime;
        var claims = new Claims(userId.ToString(), username, Options.Issuer, Options.Audience,
            now.ToUnixTimeSeconds(), now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds(), Guid.CreateVersion7().ToString("N"),
            sessionId?.ToString("N"));
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var token = signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
        return new IssuedAccessToken(token, expires);
    }

    public Caller? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length > 100 || token.Length > 4096) return null;
        try
        {
            if (!Base64Url.DecodeFromChars(parts[0]).AsSpan().SequenceEqual(Header)) return null; // pins alg=HS256
            if (!CryptographicOperations.FixedTimeEquals(Sign(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]))) return null;
            var claims = JsonSerializer.Deserialize<Claims>(Base64Url.DecodeFromChars(parts[1]));
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            if (claims is null || claims.Iss != Options.Issuer || claims.Aud != Options.Audience) return null;
            if (now >= claims.Exp || now + 60 < claims.Nbf) return null;
            if (!Guid.TryParse(claims.Sub, out var id) || claims.Name is not { Length: > 0 } name) return null;
            return new Caller(id, name, Guid.TryParse(claims.Sid, out var session) ? session : null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));

    private sealed record Claims(
        [property: JsonPropertyName("sub")] string Sub,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("iss")] string Iss,
        [property: JsonPropertyName("aud")] string Aud,
        [property: JsonPropertyName("iat")] long Iat,
        [property: JsonPropertyName("nbf")] long Nbf,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("jti")] string Jti,
        [property: JsonPropertyName("sid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid);
}

public sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);
