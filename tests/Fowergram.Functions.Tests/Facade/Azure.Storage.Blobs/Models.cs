// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Sources: src/Models/BlobProperties.cs, BlobDownloadOptions.cs, BlobDownloadStreamingResult.cs,
// UserDelegationKey.cs, DeleteSnapshotsOption.cs, BlobRequestConditions.cs, BlobLeaseRequestConditions.cs.
namespace Azure.Storage.Blobs.Models;

public class BlobProperties
{
    private BlobProperties() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public long ContentLength => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

public class BlobDownloadOptions
{
    public BlobDownloadOptions() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public HttpRange Range { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }
}

public class BlobDownloadStreamingResult : IDisposable
{
    private BlobDownloadStreamingResult() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public Stream Content => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public void Dispose() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

public class UserDelegationKey
{
    private UserDelegationKey() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public DateTimeOffset SignedExpiresOn => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

public enum DeleteSnapshotsOption
{
    None = 0,
    IncludeSnapshots = 1,
    OnlySnapshots = 2,
}

public class BlobLeaseRequestConditions : RequestConditions
{
}

public class BlobRequestConditions : BlobLeaseRequestConditions
{
}
