// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Source: src/BlobContainerClient.cs, src/BlobClient.cs.
namespace Azure.Storage.Blobs;

public class BlobContainerClient
{
    protected BlobContainerClient() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual BlobClient GetBlobClient(string blobName) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

public class BlobClient : Specialized.BlobBaseClient
{
    protected BlobClient() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
