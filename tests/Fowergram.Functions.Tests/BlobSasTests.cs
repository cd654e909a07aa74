using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Fowergram.Functions.Azure;
using Fowergram.Platform.Media;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// Checklist item 16 for the Blob media store: what each SAS grants, read from the BlobSasBuilder the store
/// hands to the package's signer (BlobMediaStore.Sas), and from the query string the real package signs with
/// a user delegation key, as in Azure. (BlobMediaStoreContractTests has Azurite honour the account-key SAS.)
/// </summary>
public sealed class BlobSasTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);
    private const string ObjectName = "u/0195f3a2-7c1d-7000-8000-000000000001/0195f3a2-7c1d-7000-8000-000000000002";

    [Fact]
    public void An_upload_may_only_create_its_one_blob_over_https_until_the_slot_expires()
    {
        var sas = BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.UploadPermissions, Now, Now.AddMinutes(10), "fowergramprod", servedAs: null);

        Assert.Equal("c", sas.Permissions); // no r, w (overwrite), d or l
        Assert.Equal("b", sas.Resource); // one blob, never the container
        Assert.Equal(("media", ObjectName), (sas.BlobContainerName, sas.BlobName));
        Assert.Equal(SasProtocol.Https, sas.Protocol);
        Assert.Equal(Now.AddMinutes(10), sas.ExpiresOn);
        Assert.Equal(Now.AddMinutes(-5), sas.StartsOn); // clock skew
        Assert.Null(sas.ContentType);
    }

    [Fact]
    public void A_read_may_only_read_its_one_blob_and_pins_the_validated_content_type()
    {
        var sas = BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.ReadPermissions, Now, Now.AddMinutes(10), "fowergramprod", "image/jpeg");

        Assert.Equal("r", sas.Permissions);
        Assert.Equal("b", sas.Resource);
        Assert.Equal("image/jpeg", sas.ContentType);
        Assert.Equal(SasProtocol.Https, sas.Protocol);
    }

    [Fact]
    public void Plain_http_is_allowed_only_against_azurites_well_known_account()
    {
        Assert.Equal(SasProtocol.HttpsAndHttp,
            BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.ReadPermissions, Now, Now.AddMinutes(1), "devstoreaccount1", "image/png").Protocol);
        Assert.Equal(SasProtocol.Https,
            BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.ReadPermissions, Now, Now.AddMinutes(1), "devstoreaccount2", "image/png").Protocol);
    }

    [Fact]
    public void The_signed_user_delegation_sas_grants_create_on_one_blob_over_https_and_nothing_else()
    {
        var key = BlobsModelFactory.UserDelegationKey("app-object-id", "tenant-id", Now.AddMinutes(-5), Now.AddHours(6), "b", "2025-11-05",
            Convert.ToBase64String(new byte[32]));
        var upload = BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.UploadPermissions, Now, Now.AddMinutes(10), "fowergramprod", servedAs: null);

        var query = System.Web.HttpUtility.ParseQueryString(upload.ToSasQueryParameters(key, "fowergramprod").ToString());

        Assert.Equal("c", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("app-object-id", query["skoid"]); // signed by the app's identity, not an account key
        Assert.Equal(Now.AddMinutes(10), DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.Null(query["rsct"]); // an upload pins no served type
    }

    [Theory]
    [InlineData(0)] // already expired
    [InlineData(-1)]
    [InlineData(61)] // beyond MediaOptions.MaxUrlLifetime (1 h)
    public void A_sas_that_is_expired_or_outlives_the_maximum_is_refused(int minutes)
    {
        Assert.Equal(TimeSpan.FromHours(1), MediaOptions.MaxUrlLifetime);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BlobMediaStore.Sas("media", ObjectName, BlobMediaStore.UploadPermissions, Now, Now.AddMinutes(minutes), "fowergramprod", null));
    }
}
