// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Blobs/api/Azure.Storage.Blobs.net8.0.cs
// (the package's public API listing; package Azure.Storage.Blobs 12.25.1). Sources: src/Sas/BlobSasBuilder.cs, src/Sas/BlobSasPermissions.cs.
namespace Azure.Storage.Sas;

/// <summary>
/// A data holder in the package too: only ToSasQueryParameters / the clients' Generate*SasUri sign, and those are not
/// here. So its constructor and properties work, which lets tests read the SAS our code asks for.
/// </summary>
public class BlobSasBuilder
{
    public BlobSasBuilder(BlobSasPermissions permissions, DateTimeOffset expiresOn)
    {
        ExpiresOn = expiresOn;
        SetPermissions(permissions);
    }

    public string BlobContainerName { get; set; } = null!;

    public string BlobName { get; set; } = null!;

    /// <summary>The rsct override: the Content-Type the service answers with when the SAS is used.</summary>
    public string ContentType { get; set; } = null!;

    public DateTimeOffset ExpiresOn { get; set; }

    /// <summary>The SAS "sp" letters. The package writes them in the order r a c w d x y l t m e i; the tests here use single permissions.</summary>
    public string Permissions { get; private set; } = null!;

    public SasProtocol Protocol { get; set; }

    public string Resource { get; set; } = null!;

    public DateTimeOffset StartsOn { get; set; }

    public void SetPermissions(BlobSasPermissions permissions)
    {
        var letters = new System.Text.StringBuilder();
        foreach (var (flag, letter) in new[]
                 {
                     (BlobSasPermissions.Read, 'r'), (BlobSasPermissions.Add, 'a'), (BlobSasPermissions.Create, 'c'), (BlobSasPermissions.Write, 'w'),
                     (BlobSasPermissions.Delete, 'd'), (BlobSasPermissions.DeleteBlobVersion, 'x'), (BlobSasPermissions.PermanentDelete, 'y'),
                     (BlobSasPermissions.List, 'l'), (BlobSasPermissions.Tag, 't'), (BlobSasPermissions.Move, 'm'), (BlobSasPermissions.Execute, 'e'),
                     (BlobSasPermissions.SetImmutabilityPolicy, 'i'),
                 })
            if ((permissions & flag) == flag) letters.Append(letter);
        Permissions = letters.ToString();
    }
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
