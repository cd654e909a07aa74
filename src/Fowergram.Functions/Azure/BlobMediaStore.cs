using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fowergram.Functions.Azure;

/// <summary>
/// Media in a private Blob container. Upload and read URLs are SAS for exactly one blob (resource "b"),
/// HTTPS only (HTTP too only against Azurite's well-known account), starting five minutes back for
/// clock skew and ending at the slot's or read URL's expiry. Uploads get Create only ("c"): a new blob,
/// never an overwrite, so the bytes the claim checked are the bytes that get served. Reads get Read only
/// ("r") and pin the response Content-Type to the validated type. With a managed identity the SAS is
/// signed by a cached user delegation key; with a connection string (Azurite) by the account key.
/// </summary>
public sealed class BlobMediaStore(IOptions<MediaOptions> options, TimeProvider time, ILogger<BlobMediaStore> logger)
    : IMediaStore, IDisposable
{
    private const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>An upload may create its one new blob: no read, no overwrite, no delete, no list.</summary>
    internal const BlobSasPermissions UploadPermissions = BlobSasPermissions.Create;

    /// <summary>A read URL may read its one blob and nothing else.</summary>
    internal const BlobSasPermissions ReadPermissions = BlobSasPermissions.Read;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    // A user delegation key may live 7 days; a few hours bounds the damage of a leaked key.
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(6);

    // Made on first use, like the Service Bus client: building the host never touches storage settings.
    private readonly Lazy<BlobServiceClient> _service = new(() => CreateClient(options.Value));
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _key;

    private BlobServiceClient Service => _service.Value;

    /// <summary>Media:BlobServiceUri with the app's managed identity (DefaultAzureCredential honours AZURE_CLIENT_ID), else Media:ConnectionString.</summary>
    public static BlobServiceClient CreateClient(MediaOptions media)
    {
        if (media.BlobServiceUri is { Length: > 0 } uri) return new BlobServiceClient(new Uri(uri), new DefaultAzureCredential());
        if (media.ConnectionString is { Length: > 0 } connectionString) return new BlobServiceClient(connectionString);
        throw new InvalidOperationException(
            "Media storage is not configured: set Media__BlobServiceUri (managed identity) or Media__ConnectionString (Azurite: UseDevelopmentStorage=true).");
    }

    public async Task<UploadTarget> CreateUploadTargetAsync(UploadTargetRequest request, CancellationToken ct)
    {
        var url = await SignAsync(request.ObjectName, UploadPermissions, request.ExpiresAt, servedAs: null, ct);
        var headers = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob", ["Content-Type"] = request.ContentType };
        return new UploadTarget(url, "PUT", headers, request.ExpiresAt);
    }

    public async Task<StoredObject?> InspectAsync(string objectName, int headLength, CancellationToken ct)
    {
        var blob = Blob(objectName);
        try
        {
            var size = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength;
            var length = (int)Math.Min(headLength, size);
            if (length == 0) return new StoredObject(size, []);
            var head = new byte[length];
            using (var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(0, length) }, ct)).Value)
                await download.Content.ReadExactlyAsync(head, ct);
            return new StoredObject(size, head);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<byte[]?> ReadRangeAsync(string objectName, long offset, int length, CancellationToken ct)
    {
        try
        {
            // A range starting at or past the end is refused (416): answer what a file read answers there, nothing.
            var blob = Blob(objectName);
            var size = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength;
            if (offset >= size || length == 0) return [];
            var bytes = new byte[(int)Math.Min(length, size - offset)];
            using (var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, bytes.Length) }, ct)).Value)
                await download.Content.ReadExactlyAsync(bytes, ct);
            return bytes;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<byte[]?> ReadAllAsync(string objectName, CancellationToken ct)
    {
        try
        {
            return (await Blob(objectName).DownloadContentAsync(ct)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>One Put Blob with the app's own credential (a block blob write replaces it whole: readers see old or new).</summary>
    public async Task ReplaceAsync(string objectName, byte[] content, string contentType, CancellationToken ct) =>
        await Blob(objectName).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);

    public async Task DeleteAsync(string objectName, CancellationToken ct) =>
        await Blob(objectName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

    public Task<Uri> CreateReadUrlAsync(string objectName, string contentType, DateTimeOffset expiresAt, CancellationToken ct) =>
        SignAsync(objectName, ReadPermissions, expiresAt, contentType, ct);

    public void Dispose() => _keyLock.Dispose();

    private BlobClient Blob(string objectName)
    {
        MediaObjectNames.EnsureValid(objectName);
        return Service.GetBlobContainerClient(options.Value.Container).GetBlobClient(objectName);
    }

    private async Task<Uri> SignAsync(string objectName, BlobSasPermissions permissions, DateTimeOffset expiresAt, string? servedAs, CancellationToken ct)
    {
        var blob = Blob(objectName);
        var sas = Sas(blob.BlobContainerName, blob.Name, permissions, time.GetUtcNow(), expiresAt, Service.AccountName, servedAs);
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas); // shared key: Azurite or a connection string
        return blob.GenerateUserDelegationSasUri(sas, await DelegationKeyAsync(expiresAt, ct));
    }

    /// <summary>
    /// What a SAS grants (checklist item 16; docs/media.md): one blob (resource "b"), the given permissions only,
    /// from five minutes back (clock skew) to <paramref name="expiresAt"/>, which must lie within
    /// <see cref="MediaOptions.MaxUrlLifetime"/>; HTTPS only, except against Azurite's well-known account.
    /// </summary>
    internal static BlobSasBuilder Sas(string container, string blobName, BlobSasPermissions permissions, DateTimeOffset now,
        DateTimeOffset expiresAt, string accountName, string? servedAs)
    {
        if (expiresAt <= now || expiresAt > now + MediaOptions.MaxUrlLifetime)
            throw new ArgumentOutOfRangeException(nameof(expiresAt), $"A media URL must expire within {MediaOptions.MaxUrlLifetime}.");
        var sas = new BlobSasBuilder(permissions, expiresAt)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = accountName == DevelopmentAccount ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        if (servedAs is not null) sas.ContentType = servedAs;
        return sas;
    }

    /// <summary>One key for many SAS: fetched again only when it would expire before the SAS it must sign.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset sasExpiresAt, CancellationToken ct)
    {
        if (_key is { } cached && cached.SignedExpiresOn > sasExpiresAt) return cached;
        await _keyLock.WaitAsync(ct);
        try
        {
            if (_key is { } fresh && fresh.SignedExpiresOn > sasExpiresAt) return fresh;
            var now = time.GetUtcNow();
            // Positional three-argument call: compiles against 12.25 (cancellationToken has a default) and later (it has none).
            var key = (await Service.GetUserDelegationKeyAsync(now - ClockSkew, now + KeyLifetime, ct)).Value;
            logger.LogInformation("Fetched a user delegation key valid until {ExpiresOn}", key.SignedExpiresOn);
            return _key = key;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
