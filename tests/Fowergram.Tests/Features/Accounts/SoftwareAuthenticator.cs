using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A platform authenticator in software, for the passkey tests: an ECDSA P-256 key (ES256) or, when asked, an Ed25519 key (EdDSA,
/// as some security keys make), "none" attestation, a signature counter, and the browser's part (clientDataJSON). It answers the options the API hands out with genuine WebAuthn responses,
/// in the JSON of PublicKeyCredential.toJSON(); each knob below breaks one thing a relying party must check. The few CBOR items
/// WebAuthn needs (a map of text or small-integer keys, byte strings) are written by hand, in CTAP2 canonical order.
/// </summary>
internal sealed class SoftwareAuthenticator(bool ed25519 = false) : IDisposable
{
    private const byte UserPresent = 0x01, UserVerified = 0x04, AttestedCredentialData = 0x40;
    public static readonly Guid DefaultAaguid = Guid.Parse("08987058-cadc-4b81-b6e1-30de50dcbe96");

    private readonly ECDsa? _ecKey = ed25519 ? null : ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Key? _edKey = ed25519 ? Key.Create(SignatureAlgorithm.Ed25519) : null;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);
    public string Id => Base64Url.EncodeToString(CredentialId);
    public byte[]? UserHandle { get; private set; }
    public uint SignCount { get; set; }
    /// <summary>How much each use moves the counter; 0 for an authenticator that keeps none (synced passkeys).</summary>
    public uint CountStep { get; set; } = 1;
    public string Origin { get; set; } = "http://localhost:7071";
    public string RpId { get; set; } = "localhost";
    public bool VerifiesUser { get; set; } = true;

    /// <summary>navigator.credentials.create(): the answer to creation options (their publicKey member).</summary>
    public object Create(JsonElement publicKey, string? challenge = null)
    {
        UserHandle = Base64Url.DecodeFromChars(publicKey.GetProperty("user").GetProperty("id").GetString());
        var clientData = ClientData("webauthn.create", challenge ?? publicKey.GetProperty("challenge").GetString()!);
        var coseKey = CoseKey();
        var attested = Concat(DefaultAaguid.ToByteArray(bigEndian: true), U16((ushort)CredentialId.Length), CredentialId, coseKey);
        var authData = Concat(AuthenticatorData(AttestedCredentialData), attested);
        var attestationObject = Map((Text("fmt"), Text("none")), (Text("attStmt"), Map()), (Text("authData"), Bytes(authData)));
        return new
        {
            id = Id, rawId = Id, type = "public-key",
            response = new { clientDataJSON = B64(clientData), attestationObject = B64(attestationObject), transports = new[] { "internal", "hybrid" } },
        };
    }

    /// <summary>navigator.credentials.get(): the answer to request options (their publicKey member), the counter moved on.</summary>
    public object Get(JsonElement publicKey, string? challenge = null, bool tamperSignature = false)
    {
        SignCount += CountStep;
        var clientData = ClientData("webauthn.get", challenge ?? publicKey.GetProperty("challenge").GetString()!);
        var authData = AuthenticatorData(0);
        var signature = Sign(Concat(authData, SHA256.HashData(clientData)));
        if (tamperSignature) signature[^1] ^= 0x01;
        return new
        {
            id = Id, rawId = Id, type = "public-key",
            response = new
            {
                clientDataJSON = B64(clientData), authenticatorData = B64(authData), signature = B64(signature),
                userHandle = UserHandle is null ? null : B64(UserHandle),
            },
        };
    }

    /// <summary>The credential's public key as COSE (RFC 9053): kty EC2, alg ES256, crv P-256, x, y; or kty OKP, alg EdDSA, crv Ed25519, x.</summary>
    private byte[] CoseKey()
    {
        if (_edKey is { } ed)
            return Map((Int(1), Int(1)), (Int(3), Int(-8)), (Int(-1), Int(6)), (Int(-2), Bytes(ed.PublicKey.Export(KeyBlobFormat.RawPublicKey))));
        var parameters = _ecKey!.ExportParameters(false);
        return Map((Int(1), Int(2)), (Int(3), Int(-7)), (Int(-1), Int(1)), (Int(-2), Bytes(parameters.Q.X!)), (Int(-3), Bytes(parameters.Q.Y!)));
    }

    // ES256 signs the SHA-256 of the data as a DER sequence; EdDSA signs the data itself (64 bytes, RFC 8032).
    private byte[] Sign(byte[] data) => _edKey is { } ed
        ? SignatureAlgorithm.Ed25519.Sign(ed, data)
        : _ecKey!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private byte[] ClientData(string type, string challenge) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin = Origin, crossOrigin = false });

    private byte[] AuthenticatorData(byte extraFlags)
    {
        var flags = (byte)(UserPresent | (VerifiesUser ? UserVerified : 0) | extraFlags);
        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, SignCount);
        return Concat(SHA256.HashData(Encoding.UTF8.GetBytes(RpId)), [flags], count);
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    // CBOR (RFC 8949): a head is the major type in the top three bits and the length or value after it.
    private static byte[] Head(int major, ulong value) => value switch
    {
        < 24 => [(byte)((major << 5) | (int)value)],
        <= byte.MaxValue => [(byte)((major << 5) | 24), (byte)value],
        _ => [(byte)((major << 5) | 25), (byte)(value >> 8), (byte)value],
    };

    private static byte[] Int(int value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));
    private static byte[] Bytes(byte[] value) => Concat(Head(2, (ulong)value.Length), value);
    private static byte[] Text(string value) => Concat(Head(3, (ulong)Encoding.UTF8.GetByteCount(value)), Encoding.UTF8.GetBytes(value));
    private static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
        Concat([Head(5, (ulong)entries.Length), .. entries.SelectMany(e => new[] { e.Key, e.Value })]);

    public void Dispose()
    {
        _ecKey?.Dispose();
        _edKey?.Dispose();
    }
}
