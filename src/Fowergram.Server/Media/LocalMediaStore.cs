using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Fowergram.Server.Media;

/// <summary>
/// The Server host's stand-in for Blob Storage: files under &lt;data directory&gt;/media/, reached through
/// HMAC-signed, expiring URLs that the host itself serves (<see cref="LocalMediaEndpoints"/>).
/// </summary>
internal sealed class LocalMediaStore(IOptions<MediaOptions> options, IConfiguration configuration, IServer server, TimeProvider time)
    : IMediaStore
{
    public const string PathPrefix = "/media/";

    private readonly string _root = Path.GetFullPath(Path.Combine(DevelopmentSecrets.DataDirectory(configuration), "media"));
    private Uri? _baseUrl;

    public LocalMediaSigner Signer { get; } = new(options.Value.SigningKeyBytes());

    public Task<UploadTarget> CreateUploadTargetAsync(UploadTargetRequest request, CancellationToken ct)
    {
        MediaObjectNames.EnsureValid(request.ObjectName);
        EnsureLifetime(request.ExpiresAt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.MaxSize);
        var grant = new LocalMediaGrant(HttpMethods.Put, request.ObjectName, request.ExpiresAt.ToUnixTimeSeconds(), request.MaxSize, request.ContentType);
        var headers = new Dictionary<string, string> { ["Content-Type"] = request.ContentType };
        return Task.FromResult(new UploadTarget(UrlOf(grant), HttpMethods.Put, headers, DateTimeOffset.FromUnixTimeSeconds(grant.ExpiresAtUnix)));
    }

    public async Task<StoredObject?> InspectAsync(string objectName, int headLength, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(PathOf(objectName), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var head = new byte[(int)Math.Min(headLength, file.Length)];
            await file.ReadExactlyAsync(head, ct);
            return new StoredObject(file.Length, head);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<byte[]?> ReadRangeAsync(string objectName, long offset, int length, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(PathOf(objectName), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var bytes = new byte[(int)Math.Clamp(file.Length - offset, 0, length)];
            file.Position = Math.Min(offset, file.Length);
            await file.ReadExactlyAsync(bytes, ct);
            return bytes;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<byte[]?> ReadAllAsync(string objectName, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(objectName), ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Written beside the file and moved over it, so a reader sees the old bytes or the new, never a mix.</summary>
    public async Task ReplaceAsync(string objectName, byte[] content, string contentType, CancellationToken ct)
    {
        var path = PathOf(objectName);
        var temporary = $"{path}.{Guid.NewGuid():N}.replacing";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // gone after the move; a leftover only when writing or moving failed
        }
    }

    public async Task OverwriteAsync(string objectName, IReadOnlyList<BytePatch> patches, CancellationToken ct)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(objectName), FileMode.Open, FileAccess.Write, FileShare.Read);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new FileNotFoundException("The object does not exist.", objectName, ex);
        }
        await using (file)
        {
            BytePatch.EnsureFit(patches, file.Length);
            foreach (var patch in patches)
            {
                file.Position = patch.Offset;
                await file.WriteAsync(patch.Bytes, ct);
            }
        }
    }

    public Task DeleteAsync(string objectName, CancellationToken ct)
    {
        try { File.Delete(PathOf(objectName)); } // no error when the file is absent…
        catch (DirectoryNotFoundException) { } // …nor when its folder is
        return Task.CompletedTask;
    }

    public Task<Uri> CreateReadUrlAsync(string objectName, string contentType, DateTimeOffset expiresAt, CancellationToken ct)
    {
        MediaObjectNames.EnsureValid(objectName);
        EnsureLifetime(expiresAt);
        return Task.FromResult(UrlOf(new LocalMediaGrant(HttpMethods.Get, objectName, expiresAt.ToUnixTimeSeconds(), null, contentType)));
    }

    /// <summary>The file behind a (validated) object name; never outside the media directory.</summary>
    public string PathOf(string objectName)
    {
        MediaObjectNames.EnsureValid(objectName);
        return Path.Combine(_root, objectName.Replace('/', Path.DirectorySeparatorChar));
    }

    public bool IsExpired(LocalMediaGrant grant) => SecondsLeft(grant) <= 0;

    public long SecondsLeft(LocalMediaGrant grant) => Math.Max(0, grant.ExpiresAtUnix - time.GetUtcNow().ToUnixTimeSeconds());

    private void EnsureLifetime(DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        if (expiresAt <= now || expiresAt > now + MediaOptions.MaxUrlLifetime)
            throw new ArgumentOutOfRangeException(nameof(expiresAt), $"A media URL must expire within {MediaOptions.MaxUrlLifetime}.");
    }

    private Uri UrlOf(LocalMediaGrant grant) =>
        new(BaseUrl(), PathPrefix + grant.ObjectName + Signer.Query(grant));

    /// <summary>Media:PublicBaseUrl, else the first address Kestrel listens on (a wildcard host read as localhost).</summary>
    private Uri BaseUrl() => _baseUrl ??= options.Value.PublicBaseUrl is { Length: > 0 } configured
        ? new Uri(configured)
        : ListeningAddress() ?? throw new InvalidOperationException("The server has no address yet; set Media:PublicBaseUrl.");

    private Uri? ListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) return null;
        var builder = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        return builder.Uri;
    }
}
