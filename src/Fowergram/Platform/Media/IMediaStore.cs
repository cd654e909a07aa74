namespace Fowergram.Platform.Media;

/// <summary>
/// Where media bytes live: Azure Blob Storage in the Functions host, files under .data/ in the Server
/// host. Bytes never pass through the API: clients PUT them to an upload target and GET them through
/// read URLs, both signed for exactly one object and a few minutes. Object names are always made by
/// the server (<see cref="MediaObjectNames"/>), never taken from a client.
/// </summary>
public interface IMediaStore
{
    /// <summary>A URL, method and headers that let the holder create exactly this one object, once, until the expiry.</summary>
    Task<UploadTarget> CreateUploadTargetAsync(UploadTargetRequest request, CancellationToken ct);

    /// <summary>The object's size and up to <paramref name="headLength"/> first bytes, or null when it does not exist.</summary>
    Task<StoredObject?> InspectAsync(string objectName, int headLength, CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="length"/> bytes from <paramref name="offset"/> (fewer only where the object ends), or null when
    /// the object does not exist. For objects too large to read whole (the structure check of videos, <see cref="VideoStructure"/>).
    /// </summary>
    Task<byte[]?> ReadRangeAsync(string objectName, long offset, int length, CancellationToken ct);

    /// <summary>The whole object, or null when it does not exist. For objects small enough to hold in memory (photos).</summary>
    Task<byte[]?> ReadAllAsync(string objectName, CancellationToken ct);

    /// <summary>
    /// Replaces the object's bytes with <paramref name="content"/>, served as <paramref name="contentType"/>: the server's own
    /// write (metadata removal, <see cref="ImageMetadata"/>). Upload URLs still never overwrite.
    /// </summary>
    Task ReplaceAsync(string objectName, byte[] content, string contentType, CancellationToken ct);

    /// <summary>
    /// Writes each of <paramref name="patches"/> over the object's own bytes from its offset; the object keeps its size and
    /// every other byte (a video's location, <see cref="VideoMetadata"/>: too large to read and write whole). The patches come
    /// in offset order and do not overlap. Readers see the old bytes or the new, never a mix, on the Blob store (all patches
    /// are one commit); locally the writes are in place. Throws <see cref="FileNotFoundException"/> when the object does not
    /// exist, <see cref="ArgumentOutOfRangeException"/> when a patch runs past its end and <see cref="ArgumentException"/>
    /// when the patches overlap or are out of order (<see cref="BytePatch.EnsureFit"/>): then nothing is written.
    /// </summary>
    Task OverwriteAsync(string objectName, IReadOnlyList<BytePatch> patches, CancellationToken ct);

    /// <summary>Deletes the object; deleting one that does not exist is not an error.</summary>
    Task DeleteAsync(string objectName, CancellationToken ct);

    /// <summary>A GET URL for this one object, served as <paramref name="contentType"/>, valid until <paramref name="expiresAt"/>.</summary>
    Task<Uri> CreateReadUrlAsync(string objectName, string contentType, DateTimeOffset expiresAt, CancellationToken ct);
}

/// <param name="MaxSize">The most bytes the upload may carry (the declared size); the local store enforces it while streaming.</param>
public sealed record UploadTargetRequest(string ObjectName, string ContentType, long MaxSize, DateTimeOffset ExpiresAt);

/// <param name="Headers">Headers the client must send with the request, exactly as given.</param>
public sealed record UploadTarget(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

public sealed record StoredObject(long Size, byte[] Head);
