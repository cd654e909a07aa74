// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Source: src/BlobBaseClient.cs.
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Azure.Storage.Blobs.Specialized;

public class BlobBaseClient
{
    protected BlobBaseClient() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual string BlobContainerName => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual bool CanGenerateSasUri => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual string Name => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Uri GenerateSasUri(BlobSasBuilder builder) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Uri GenerateUserDelegationSasUri(BlobSasBuilder builder, UserDelegationKey userDelegationKey) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task<Response<BlobProperties>> GetPropertiesAsync(BlobRequestConditions? conditions = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(BlobDownloadOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task<Response<bool>> DeleteIfExistsAsync(DeleteSnapshotsOption snapshotsOption = DeleteSnapshotsOption.None,
        BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
