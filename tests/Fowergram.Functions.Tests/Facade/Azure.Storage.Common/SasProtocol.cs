// Facade of Azure/azure-sdk-for-net sdk/storage/Azure.Storage.Common/api/Azure.Storage.Common.net8.0.cs
// (public API listing; package Azure.Storage.Common, the dependency Azure.Storage.Blobs 12.25.1 brings). Source: src/Sas/SasProtocol.cs.
namespace Azure.Storage.Sas;

public enum SasProtocol
{
    None = 0,
    HttpsAndHttp = 1,
    Https = 2,
}
