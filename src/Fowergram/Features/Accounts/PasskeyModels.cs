using System.Text.Json.Serialization;

namespace Fowergram.Features.Accounts;

// The WebAuthn JSON shapes (PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON and the
// PublicKeyCredential.toJSON() answers), byte strings as base64url, so a browser client passes them through
// PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and credential.toJSON() unchanged.

/// <summary>POST /users/me/passkeys/options: the password, asked again before a credential is added. While two-factor sign-in is on, also a current code or a recovery code (<c>code</c>).</summary>
public sealed record PasskeyOptionsRequest(string? Password, string? Code = null);

/// <summary>The options to hand to navigator.credentials.create({publicKey}), and the id to send back with the answer.</summary>
public sealed record PasskeyCreationChallenge(Guid ChallengeId, PasskeyCreationOptions PublicKey);

public sealed record PasskeyCreationOptions(PasskeyRelyingPartyView Rp, PasskeyUserView User, string Challenge,
    IReadOnlyList<PasskeyAlgorithm> PubKeyCredParams, long Timeout, IReadOnlyList<PasskeyDescriptor> ExcludeCredentials,
    PasskeySelection AuthenticatorSelection, string Attestation);

public sealed record PasskeyRelyingPartyView(string Id, string Name);

public sealed record PasskeyUserView(string Id, string Name, string DisplayName);

public sealed record PasskeyAlgorithm(string Type, int Alg);

public sealed record PasskeyDescriptor(string Type, string Id, IReadOnlyList<string>? Transports);

public sealed record PasskeySelection(string ResidentKey, bool RequireResidentKey, string UserVerification);

/// <summary>POST /users/me/passkeys: the challenge's id, a name for the passkey, and the authenticator's answer.</summary>
public sealed record PasskeyRegistrationRequest(Guid? ChallengeId, string? Name, PasskeyAttestation? Credential);

public sealed record PasskeyAttestation(string? Id, string? RawId, string? Type, PasskeyAttestationResponse? Response);

public sealed record PasskeyAttestationResponse([property: JsonPropertyName("clientDataJSON")] string? ClientDataJson, string? AttestationObject, IReadOnlyList<string>? Transports);

/// <summary>A passkey of the caller's: never its key or credential id, which only the authenticator and the sign-in need.</summary>
/// A class, not a positional record: Dapper hands a text[] column to a constructor as System.Array.
public sealed class PasskeyView
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary>The authenticator model's id, by which a client can name the provider (iCloud Keychain, Google Password Manager…).</summary>
    public Guid Aaguid { get; init; }
    public string[] Transports { get; init; } = [];
    /// <summary>The key is backed up (synced across the owner's devices) rather than bound to one device.</summary>
    public bool Synced { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

public sealed record PasskeyList(IReadOnlyList<PasskeyView> Items);

/// <summary>PATCH /users/me/passkeys/{id}: the new name.</summary>
public sealed record RenamePasskeyRequest(string? Name);

/// <summary>POST /auth/passkeys/options: a username to list its passkeys, or none (or an e-mail address, never listed) for a discoverable one.</summary>
public sealed record PasskeySignInOptionsRequest(string? Login);

/// <summary>The options to hand to navigator.credentials.get({publicKey}), and the id to send back with the answer.</summary>
public sealed record PasskeySignInChallenge(Guid ChallengeId, PasskeyRequestOptions PublicKey);

public sealed record PasskeyRequestOptions(string Challenge, long Timeout, string RpId, IReadOnlyList<PasskeyDescriptor> AllowCredentials,
    string UserVerification);

/// <summary>POST /auth/passkeys/login: the challenge's id and the authenticator's answer.</summary>
public sealed record PasskeyLoginRequest(Guid? ChallengeId, PasskeyAssertion? Credential);

public sealed record PasskeyAssertion(string? Id, string? RawId, string? Type, PasskeyAssertionResponse? Response);

public sealed record PasskeyAssertionResponse([property: JsonPropertyName("clientDataJSON")] string? ClientDataJson, string? AuthenticatorData, string? Signature, string? UserHandle);
