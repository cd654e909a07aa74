// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Source: src/BlobServiceClient.cs, src/BlobClientOptions.cs.
using Azure.Core;
using Azure.Storage.Blobs.Models;

namespace Azure.Storage.Blobs;

public class BlobServiceClient
{
    protected BlobServiceClient() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public BlobServiceClient(string connectionString) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public BlobServiceClient(Uri serviceUri, TokenCredential credential, BlobClientOptions? options = null) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual string AccountName => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual BlobContainerClient GetBlobContainerClient(string blobContainerName) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    // 12.25.1 gives cancellationToken a default; newer listings drop it, so callers pass all three positionally.
    public virtual Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(DateTimeOffset? startsOn, DateTimeOffset expiresOn,
        CancellationToken cancellationToken = default) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

/// <summary>Only named by the constructor above; no member is used.</summary>
public class BlobClientOptions : ClientOptions
{
}
