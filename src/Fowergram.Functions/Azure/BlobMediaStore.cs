using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
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

    /// <summary>How long the copies of <see cref="OverwriteAsync"/> may read the blob: server-side copies of at most 2 GiB.</summary>
    private static readonly TimeSpan CopyWindow = TimeSpan.FromMinutes(30);

    /// <summary>Put Block From URL copies at most 4,000 MiB a block; 256 MiB keeps each copy short.</summary>
    private const long MaxCopiedBlock = 256L * 1024 * 1024;

    /// <summary>A piece copied through the app where the service cannot copy server side: what one claim holds in memory.</summary>
    private const int StreamedBlock = 8 * 1024 * 1024;
    // A user delegation key may live 7 days; a few hours bounds the damage of a leaked key.
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(6);

    // Made on first use, like the Service Bus client: building the host never touches storage settings.
    private readonly Lazy<BlobServiceClient> _service = new(() => CreateClient(options.Value));
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _key;

    /// <summary>Cleared once the service answers that it cannot (Azurite): later overwrites stream without asking again.</summary>
    private volatile bool _serverSideCopy = true;

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

    /// <summary>
    /// A block blob cannot be written in part. So the blob is put together anew from blocks: the unchanged ranges before,
    /// between and after the patches copied from the blob itself, each patch as a block of its own, then one Put Block List.
    /// The copies run server side (Put Block From URL, with a read SAS the copy may use for <see cref="CopyWindow"/>), so a
    /// 2 GiB video does not pass through the app; where the service does not implement that (Azurite answers 501) they are
    /// read and staged by the app, in <see cref="StreamedBlock"/> pieces. The copies and the commit require the ETag the blob
    /// had when it was measured, so a blob that changed meanwhile is left alone (412). Readers see the old blob or the new.
    /// A blob has at most 50,000 blocks: <see cref="VideoMetadata"/> keeps its runs to a few thousand at worst.
    /// </summary>
    public async Task OverwriteAsync(string objectName, IReadOnlyList<BytePatch> patches, CancellationToken ct)
    {
        var blob = Service.GetBlobContainerClient(options.Value.Container).GetBlockBlobClient(Blob(objectName).Name);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new FileNotFoundException("The object does not exist.", objectName, ex);
        }
        BytePatch.EnsureFit(patches, properties.ContentLength);
        if (patches.Count == 0) return; // nothing to write: no need to put the blob together again
        var copy = new BlockCopy(blob, properties.ETag, await SignAsync(objectName, ReadPermissions, time.GetUtcNow() + CopyWindow, servedAs: null, ct));
        long at = 0;
        foreach (var patch in patches)
        {
            await CopyAsync(copy, at, patch.Offset, ct);
            if (patch.Bytes.Length > 0) await copy.StageAsync(patch.Bytes, ct);
            at = patch.End;
        }
        await CopyAsync(copy, at, properties.ContentLength, ct);
        await blob.CommitBlockListAsync(copy.Blocks, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = properties.ContentType },
            Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
        }, ct);
    }

    /// <summary>The blob's bytes [from, to) as staged blocks: copied server side while the service can, else through the app.</summary>
    private async Task CopyAsync(BlockCopy copy, long from, long to, CancellationToken ct)
    {
        for (var at = from; at < to;)
        {
            if (_serverSideCopy)
            {
                try
                {
                    var length = Math.Min(MaxCopiedBlock, to - at);
                    await copy.CopyServerSideAsync(new HttpRange(at, length), ct);
                    at += length;
                    continue;
                }
                catch (RequestFailedException ex) when (ex.Status == 501)
                {
                    logger.LogWarning("The Blob service does not copy blocks from a URL ({Code}); blocks are copied through the app", ex.ErrorCode);
                    _serverSideCopy = false;
                }
            }
            var piece = (int)Math.Min(StreamedBlock, to - at);
            await copy.CopyThroughAppAsync(new HttpRange(at, piece), ct);
            at += piece;
        }
    }

    /// <summary>The blocks of one <see cref="OverwriteAsync"/>, staged in order, all read from the blob as it was (its ETag).</summary>
    private sealed class BlockCopy(BlockBlobClient blob, ETag etag, Uri source)
    {
        public List<string> Blocks { get; } = [];

        public async Task CopyServerSideAsync(HttpRange range, CancellationToken ct)
        {
            var id = NextId();
            await blob.StageBlockFromUriAsync(source, id,
                new StageBlockFromUriOptions { SourceRange = range, SourceConditions = new RequestConditions { IfMatch = etag } }, ct);
            Blocks.Add(id);
        }

        public async Task CopyThroughAppAsync(HttpRange range, CancellationToken ct)
        {
            var bytes = new byte[range.Length!.Value];
            using (var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions
                   { Range = range, Conditions = new BlobRequestConditions { IfMatch = etag } }, ct)).Value)
                await download.Content.ReadExactlyAsync(bytes, ct);
            await StageAsync(bytes, ct);
        }

        public async Task StageAsync(byte[] bytes, CancellationToken ct)
        {
            var id = NextId();
            using (var content = new MemoryStream(bytes, writable: false))
                await blob.StageBlockAsync(id, content, cancellationToken: ct);
            Blocks.Add(id);
        }

        // Block ids of one blob must all have the same length.
        private string NextId() => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"fowergram-{Blocks.Count:D6}"));
    }

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
