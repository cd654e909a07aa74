using System.Buffers.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Between the WebAuthn JSON a client sends and receives and the library's types. A member that is missing or not base64url is
/// a 400 naming it (credential.response.signature…), before any challenge is spent: that is a broken client, not a failed
/// proof. What is well formed but does not verify is the relying party's to refuse.
/// </summary>
public static class PasskeyWire
{
    private const string PublicKey = "public-key";
    private const int MaxBytes = 16 * 1024; // far above any real answer; the body limit (64 KiB) bounds it anyway

    private static readonly Dictionary<AuthenticatorTransport, string> TransportNames = new()
    {
        [AuthenticatorTransport.Usb] = "usb", [AuthenticatorTransport.Nfc] = "nfc", [AuthenticatorTransport.Ble] = "ble",
        [AuthenticatorTransport.SmartCard] = "smart-card", [AuthenticatorTransport.Hybrid] = "hybrid", [AuthenticatorTransport.Internal] = "internal",
    };

    public static string Name(AuthenticatorTransport transport) => TransportNames[transport];

    public static AuthenticatorTransport[] Transports(IEnumerable<string> names) =>
        [.. names.Select(n => TransportNames.FirstOrDefault(t => t.Value == n).Key)];

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static PasskeyDescriptor Descriptor(PublicKeyCredentialDescriptor d) =>
        new(PublicKey, Encode(d.Id), d.Transports is { Length: > 0 } t ? [.. t.Select(Name)] : null);

    internal static List<PublicKeyCredentialDescriptor> Descriptors(IEnumerable<StoredDescriptor> stored) =>
        [.. stored.Select(d => new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PublicKey, d.CredentialId, Transports(d.Transports)))];

    public static PasskeyCreationOptions View(CredentialCreateOptions o) => new(
        new PasskeyRelyingPartyView(o.Rp.Id, o.Rp.Name), new PasskeyUserView(Encode(o.User.Id), o.User.Name, o.User.DisplayName),
        Encode(o.Challenge), [.. o.PubKeyCredParams.Select(p => new PasskeyAlgorithm(PublicKey, (int)p.Alg))], (long)o.Timeout,
        [.. o.ExcludeCredentials.Select(Descriptor)],
        new PasskeySelection(Lower(o.AuthenticatorSelection.ResidentKey), o.AuthenticatorSelection.ResidentKey == ResidentKeyRequirement.Required, // Level 1 clients read only this
            Lower(o.AuthenticatorSelection.UserVerification)), "none");

    public static PasskeyRequestOptions View(AssertionOptions o) =>
        new(Encode(o.Challenge), (long)o.Timeout, o.RpId!, [.. o.AllowCredentials.Select(Descriptor)], Lower(o.UserVerification!.Value));

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The attestation as the library reads it, or null with what is wrong added to <paramref name="v"/>.</summary>
    public static AuthenticatorAttestationRawResponse? Attestation(PasskeyAttestation? credential, Validation v)
    {
        if (credential is null) { v.Add("credential", "This field is required."); return null; }
        var r = credential.Response;
        var (rawId, clientData) = Common(v, credential.Id, credential.RawId, credential.Type, r?.ClientDataJson);
        var attestation = Bytes(v, "credential.response.attestationObject", r?.AttestationObject);
        if (rawId is { Length: < 16 or > 1023 }) v.Add("credential.id", "A WebAuthn credential id is 16 to 1023 bytes.");
        var transports = r?.Transports ?? [];
        if (transports.Any(t => !TransportNames.ContainsValue(t)))
            v.Add("credential.response.transports", "Must list only usb, nfc, ble, smart-card, hybrid or internal.");
        if (clientData is null || attestation is null || rawId is null || !v.IsValid) return null;
        return new AuthenticatorAttestationRawResponse
        {
            Id = credential.Id!, RawId = rawId, Type = PublicKeyCredentialType.PublicKey,
            Response = new AuthenticatorAttestationRawResponse.AttestationResponse
            {
                ClientDataJson = clientData!, AttestationObject = attestation!, Transports = Transports(transports.Distinct()),
            },
        };
    }

    /// <summary>The assertion as the library reads it, or null with what is wrong added to <paramref name="v"/>.</summary>
    public static AuthenticatorAssertionRawResponse? Assertion(PasskeyAssertion? credential, Validation v)
    {
        if (credential is null) { v.Add("credential", "This field is required."); return null; }
        var r = credential.Response;
        var (rawId, clientData) = Common(v, credential.Id, credential.RawId, credential.Type, r?.ClientDataJson);
        var authenticatorData = Bytes(v, "credential.response.authenticatorData", r?.AuthenticatorData);
        var signature = Bytes(v, "credential.response.signature", r?.Signature);
        var userHandle = r?.UserHandle is null ? null : Bytes(v, "credential.response.userHandle", r.UserHandle);
        if (clientData is null || authenticatorData is null || signature is null || rawId is null || !v.IsValid) return null;
        return new AuthenticatorAssertionRawResponse
        {
            Id = credential.Id!, RawId = rawId, Type = PublicKeyCredentialType.PublicKey,
            Response = new AuthenticatorAssertionRawResponse.AssertionResponse
            {
                ClientDataJson = clientData!, AuthenticatorData = authenticatorData!, Signature = signature!, UserHandle = userHandle,
            },
        };
    }

    /// <summary>What every answer carries: the credential id (rawId and type, when sent, must agree) and the client data.</summary>
    private static (byte[]? RawId, byte[]? ClientData) Common(Validation v, string? id, string? rawId, string? type, string? clientDataJson)
    {
        var bytes = Bytes(v, "credential.id", id);
        if (rawId is not null && rawId != id) v.Add("credential.rawId", "Must be the same as credential.id.");
        if (type is not null && type != PublicKey) v.Add("credential.type", "Must be public-key.");
        return (bytes, Bytes(v, "credential.response.clientDataJSON", clientDataJson));
    }

    private static byte[]? Bytes(Validation v, string field, string? text)
    {
        if (string.IsNullOrEmpty(text)) { v.Add(field, "This field is required."); return null; }
        if (text.Length > MaxBytes * 4 / 3 + 4 || !Base64Url.IsValid(text.AsSpan(), out _))
        {
            v.Add(field, "Must be base64url (RFC 4648 §5), as WebAuthn's toJSON() writes it.");
            return null;
        }
        return Base64Url.DecodeFromChars(text);
    }
}
