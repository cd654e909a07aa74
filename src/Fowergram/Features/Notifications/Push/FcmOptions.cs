using System.Security.Cryptography;
using System.Text.Json;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// <c>Push:Fcm</c>: native app pushes through Firebase Cloud Messaging's HTTP v1 API (docs/social-graph.md "Native app
/// pushes"). Off until <see cref="ServiceAccount"/> is set: apps cannot register then, and nothing is sent to FCM.
/// </summary>
public sealed class FcmOptions
{
    /// <summary>
    /// The Firebase project's service account key, the JSON file Google gives (<c>project_id</c>, <c>client_email</c>,
    /// <c>private_key</c>, <c>token_uri</c>), as one setting; on Azure a Key Vault reference. Empty: FCM is off.
    /// </summary>
    public string? ServiceAccount { get; set; }

    /// <summary>FCM's origin; the messages go to <c>{Endpoint}/v1/projects/{project_id}/messages:send</c>.</summary>
    public string Endpoint { get; set; } = "https://fcm.googleapis.com";

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceAccount);

    /// <summary>The service account's parts, or null with what is wrong.</summary>
    public FcmServiceAccount? Parse(out string? problem)
    {
        problem = null;
        try
        {
            using var doc = JsonDocument.Parse(ServiceAccount ?? "");
            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var (project, email, key) = (Text("project_id"), Text("client_email"), Text("private_key"));
            var tokenUri = Text("token_uri") ?? "https://oauth2.googleapis.com/token";
            if (string.IsNullOrEmpty(project) || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(key))
                problem = "Push:Fcm:ServiceAccount must be the service account key file's JSON, with project_id, client_email and private_key.";
            else if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var tokenUrl) || tokenUrl.Scheme is not ("https" or "http"))
                problem = "Push:Fcm:ServiceAccount: token_uri must be an absolute URL.";
            else
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(key);
                return new FcmServiceAccount(project, email, key, tokenUrl);
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or CryptographicException)
        {
            problem = "Push:Fcm:ServiceAccount must be the service account key file's JSON with a PEM private_key (RSA).";
        }
        return null;
    }

    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http") || endpoint.AbsolutePath != "/")
            yield return "Push:Fcm:Endpoint must be an origin such as https://fcm.googleapis.com.";
        if (Enabled && Parse(out var problem) is null) yield return problem!;
    }
}

/// <summary>What the push-delivery job needs of the service account key.</summary>
public sealed record FcmServiceAccount(string ProjectId, string ClientEmail, string PrivateKeyPem, Uri TokenUri);
