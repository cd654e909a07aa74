using Fido2NetLib;
using Fido2NetLib.Objects;
using Fowergram.Platform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The WebAuthn relying party (docs/accounts.md "Passkeys"): the options a client hands to its authenticator, and the checks
/// of what comes back, by the Fido2 library (client data type, challenge and origin, RP id hash, user presence and
/// verification, the attestation statement, the signature, the counter). Every check is in memory: the caller reads and
/// writes the database, so that an exception here can only be a response that does not verify.
/// </summary>
public sealed class PasskeyRelyingParty(IOptions<AuthOptions> options, ILogger<PasskeyRelyingParty> logger)
{
    public const int MaxPerAccount = 10;
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);
    public const int ChallengeBytes = 32;

    // In the order of preference: ES256 is what every platform authenticator and security key makes; Ed25519 is what some
    // security keys make when asked (the library verifies it on NSec, pinned to the mirror's major version: PasskeySignInTests
    // proves the pair works); RS256 covers Windows Hello's older keys.
    private static readonly IReadOnlyList<PubKeyCredParam> Algorithms = [PubKeyCredParam.ES256, PubKeyCredParam.Ed25519, PubKeyCredParam.RS256];

    // A passkey replaces the password and the code, so the authenticator must verify its user (PIN, biometrics): the UV flag is
    // required, not preferred. Discoverable keys are preferred so that a sign-in needs no username.
    private static readonly AuthenticatorSelection Selection = new()
    {
        ResidentKey = ResidentKeyRequirement.Preferred, UserVerification = UserVerificationRequirement.Required,
    };

    private Fido2Configuration Configuration => new()
    {
        RPID = options.Value.Passkeys.RelyingPartyId, RPName = options.Value.Passkeys.RelyingPartyName,
        Origins = options.Value.Passkeys.OriginSet(), Timeout = (uint)ChallengeLifetime.TotalMilliseconds,
    };

    private IFido2 Fido => new Fido2(Configuration, metadataService: null);

    /// <summary>The account's WebAuthn user handle: its id, which names nobody outside this service (no e-mail, no username).</summary>
    public static byte[] UserHandle(Guid userId) => userId.ToByteArray(bigEndian: true);

    public CredentialCreateOptions CreationOptions(byte[] challenge, Guid userId, string username, IReadOnlyList<PublicKeyCredentialDescriptor> exclude) =>
        CredentialCreateOptions.Create(Configuration, challenge, new Fido2User { Id = UserHandle(userId), Name = username, DisplayName = username },
            Selection, AttestationConveyancePreference.None, exclude, extensions: null, Algorithms);

    public AssertionOptions RequestOptions(byte[] challenge, IReadOnlyList<PublicKeyCredentialDescriptor> allow) =>
        AssertionOptions.Create(Configuration, challenge, allow, UserVerificationRequirement.Required, extensions: null);

    /// <summary>The new credential when the attestation verifies against the options it answers, else null.</summary>
    public async Task<RegisteredPublicKeyCredential?> VerifyRegistrationAsync(AuthenticatorAttestationRawResponse response,
        CredentialCreateOptions original, CancellationToken ct)
    {
        try
        {
            return await Fido.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response, OriginalOptions = original,
                // Uniqueness across accounts is the unique index's (and the caller's check under the owner's lock).
                IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogInformation("A passkey registration did not verify: {Reason}", ex.Message);
            return null;
        }
    }

    /// <summary>The verified use (its new counter) when the assertion is the stored key's answer to the options, else null.</summary>
    public async Task<VerifyAssertionResult?> VerifyAssertionAsync(AuthenticatorAssertionRawResponse response, AssertionOptions original,
        byte[] publicKey, uint signCount, Guid ownerId, CancellationToken ct)
    {
        var handle = UserHandle(ownerId);
        try
        {
            return await Fido.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response, OriginalOptions = original, StoredPublicKey = publicKey, StoredSignatureCounter = signCount,
                // A discoverable key names its user: it must be the credential's owner, or a key could speak for another account.
                IsUserHandleOwnerOfCredentialIdCallback = (p, _) => Task.FromResult(p.UserHandle.AsSpan().SequenceEqual(handle)),
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogInformation("A passkey assertion for account {UserId} did not verify: {Reason}", ownerId, ex.Message);
            return null;
        }
    }
}
