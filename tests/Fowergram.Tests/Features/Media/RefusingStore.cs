using Fowergram.Platform.Media;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// The host's store, except that deleting one object fails while <see cref="Refusing"/> (as a Blob lease would): for the
/// clean-up jobs' tests, since the local store cannot be made to refuse.
/// </summary>
public sealed class RefusingStore(IMediaStore inner, string refused) : IMediaStore
{
    public bool Refusing { get; set; } = true;

    /// <summary>The object it refuses to delete.</summary>
    public string Refused => refused;

    /// <summary>How often the refused object was asked to be deleted, refused or not: what the jobs' back-off saves.</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// The refused object is deleted before the error is thrown, as a store whose answer is lost after it did the work (a
    /// timeout, a dropped connection): the error says nothing about whether the object is still there.
    /// </summary>
    public bool DeletesBeforeFailing { get; init; }

    public async Task DeleteAsync(string objectName, CancellationToken ct)
    {
        if (objectName == refused) Attempts++;
        if (!Refusing || objectName != refused)
        {
            await inner.DeleteAsync(objectName, ct);
            return;
        }
        if (DeletesBeforeFailing) await inner.DeleteAsync(objectName, ct);
        throw new IOException($"The store refused to delete {objectName}.");
    }

    public Task<UploadTarget> CreateUploadTargetAsync(UploadTargetRequest request, CancellationToken ct) => inner.CreateUploadTargetAsync(request, ct);
    public Task<StoredObject?> InspectAsync(string objectName, int headLength, CancellationToken ct) => inner.InspectAsync(objectName, headLength, ct);
    public Task<byte[]?> ReadRangeAsync(string objectName, long offset, int length, CancellationToken ct) => inner.ReadRangeAsync(objectName, offset, length, ct);
    public Task<byte[]?> ReadAllAsync(string objectName, CancellationToken ct) => inner.ReadAllAsync(objectName, ct);
    public Task ReplaceAsync(string objectName, byte[] content, string contentType, CancellationToken ct) => inner.ReplaceAsync(objectName, content, contentType, ct);
    public Task OverwriteAsync(string objectName, IReadOnlyList<BytePatch> patches, CancellationToken ct) => inner.OverwriteAsync(objectName, patches, ct);
    public Task<Uri> CreateReadUrlAsync(string objectName, string contentType, DateTimeOffset expiresAt, CancellationToken ct) => inner.CreateReadUrlAsync(objectName, contentType, expiresAt, ct);
}
