// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Sources: src/Sas/BlobSasBuilder.cs, src/Sas/BlobSasPermissions.cs.
namespace Azure.Storage.Sas;

public class BlobSasBuilder
{
    public BlobSasBuilder(BlobSasPermissions permissions, DateTimeOffset expiresOn) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public string BlobContainerName { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }

    public string BlobName { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }

    /// <summary>The rsct override: the Content-Type the service answers with when the SAS is used.</summary>
    public string ContentType { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }

    public SasProtocol Protocol { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }

    public string Resource { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }

    public DateTimeOffset StartsOn { get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message); }
}

[Flags]
public enum BlobSasPermissions
{
    All = -1,
    Read = 1,
    Add = 2,
    Create = 4,
    Write = 8,
    Delete = 16,
    Tag = 32,
    DeleteBlobVersion = 64,
    List = 128,
    Move = 256,
    Execute = 512,
    SetImmutabilityPolicy = 1024,
    PermanentDelete = 2048,
}
