using System.Text.Json;
using Fowergram.Functions.Tests.Infrastructure;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// infra/main.bicep compiled by the pinned Bicep CLI (Infrastructure/BicepCli): it compiles without a
/// single diagnostic — a warning fails too, it is what the compiler knows will break a deployment — and
/// the ARM template it compiles to states what should not rest on reading the Bicep: nothing anonymous or
/// key-based, TLS 1.2 and HTTPS only, the app running as its identity, secrets only through Key Vault.
/// What Azure does with the template (quotas, regions, API quirks) only a deployment shows.
/// </summary>
public sealed class InfraCompileTests
{
    private static ArmTemplate Main => InfraTemplates.Main;
    private static ArmTemplate Resources => InfraTemplates.Resources;

    [Fact]
    public void The_templates_compile_without_a_single_diagnostic()
    {
        var build = BicepCli.Main;
        Assert.True(build is { ExitCode: 0, Diagnostics: "" }, $"bicep build infra/main.bicep exited {build.ExitCode} with:\n{build.Diagnostics}");
    }

    [Fact]
    public void The_storage_account_allows_no_anonymous_or_shared_key_access_and_only_TLS_1_2_over_HTTPS()
    {
        var properties = Resources.Resource("Microsoft.Storage/storageAccounts").At("properties");
        Assert.False(properties.At("allowBlobPublicAccess").GetBoolean()); // media is read through signed URLs only
        Assert.False(properties.At("allowSharedKeyAccess").GetBoolean()); // identity, and user delegation SAS
        Assert.True(properties.At("defaultToOAuthAuthentication").GetBoolean());
        Assert.Equal("TLS1_2", properties.At("minimumTlsVersion").GetString());
        Assert.True(properties.At("supportsHttpsTrafficOnly").GetBoolean());

        var containers = Resources.Resources("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", c.At("properties.publicAccess").GetString()));
    }

    [Fact]
    public void Service_Bus_takes_no_keys_and_only_TLS_1_2()
    {
        var properties = Resources.Resource("Microsoft.ServiceBus/namespaces").At("properties");
        Assert.True(properties.At("disableLocalAuth").GetBoolean()); // no SAS keys: the identity's roles decide
        Assert.Equal("1.2", properties.At("minimumTlsVersion").GetString());
    }

    [Fact]
    public void The_database_server_runs_without_the_jit_as_the_local_cluster_does()
    {
        // The JIT compiled a rare-word search for 0.4 s that runs in 4 ms (docs/deploy.md "Database settings").
        var jit = Resources.Resource("Microsoft.DBforPostgreSQL/flexibleServers/configurations", "'jit'");
        Assert.Equal("off", jit.At("properties.value").GetString());
        Assert.Contains("-c jit=off", File.ReadAllText(Path.Combine(RepoFiles.Root, "scripts", "lib.sh")));
    }

    [Fact]
    public void The_function_app_is_HTTPS_only_and_runs_as_its_user_assigned_identity()
    {
        var app = Resources.Resource("Microsoft.Web/sites");
        var properties = app.At("properties");
        Assert.True(properties.At("httpsOnly").GetBoolean());
        Assert.Equal("1.2", properties.At("siteConfig.minTlsVersion").GetString());

        var identity = Resources.Resource("Microsoft.ManagedIdentity/userAssignedIdentities");
        var identityId = ArmTemplate.ResourceId(identity);
        Assert.Equal("UserAssigned", app.At("identity.type").GetString());
        Assert.Contains(identityId, Assert.Single(app.At("identity.userAssignedIdentities").EnumerateObject()).Name);
        Assert.Equal($"[{identityId}]", properties.At("keyVaultReferenceIdentity").GetString());
        var package = properties.At("functionAppConfig.deployment.storage.authentication");
        Assert.Equal("UserAssignedIdentity", package.At("type").GetString());
        Assert.Equal($"[{identityId}]", package.At("userAssignedIdentityResourceId").GetString());

        // Every role the template grants goes to that identity, and the host and the SDK clients take it.
        var grants = Resources.Resources("Microsoft.Authorization/roleAssignments");
        Assert.Equal(4, grants.Count); // blob data owner, Service Bus sender and receiver, Key Vault secrets user
        Assert.All(grants, g => Assert.Equal($"[{ArmTemplate.Reference(identity)}.principalId]", g.At("properties.principalId").GetString()));
        foreach (var clientId in new[] { "AZURE_CLIENT_ID", "AzureWebJobsStorage__clientId", "ServiceBusConnection__clientId" })
            Assert.Equal($"{ArmTemplate.Reference(identity)}.clientId", InfraTemplates.AppSettings[clientId]);
    }

    [Theory]
    [InlineData("ConnectionStrings__Fowergram", "database-connection-string", "postgresAdminPassword")]
    [InlineData("Auth__SigningKey", "auth-signing-key", "authSigningKey")]
    [InlineData("Email__Smtp__Password", "smtp-password", "smtpPassword")]
    [InlineData("Push__Fcm__ServiceAccount", "fcm-service-account", "fcmServiceAccount")]
    [InlineData("Push__Apns__PrivateKey", "apns-private-key", "apnsPrivateKey")]
    public void A_secret_reaches_the_app_as_a_Key_Vault_reference_to_the_secret_that_holds_it(string setting, string secretName, string parameter)
    {
        var vault = Resources.Resource("Microsoft.KeyVault/vaults");
        Assert.True(vault.At("properties.enableRbacAuthorization").GetBoolean()); // the app reads secrets by its role, no access policy
        var secret = Assert.Single(Resources.Resources("Microsoft.KeyVault/vaults/secrets"), s => Resources.OwnName(s) == secretName);
        Assert.Contains($"parameters('{parameter}')", secret.At("properties.value").GetString());

        // The versionless URI of that secret, read from the secret or built from the vault's URI and its name.
        var secretArgument = ArmExpression.CallArguments(ArmTemplate.Unbracketed(secret.At("name").GetString()!))[^1];
        string[] references =
        [
            $"format('@Microsoft.KeyVault(SecretUri={{0}})', {ArmTemplate.Reference(secret)}.secretUri)",
            $"format('@Microsoft.KeyVault(SecretUri={{0}}secrets/{{1}})', {ArmTemplate.Reference(vault)}.vaultUri, {secretArgument})",
        ];
        Assert.Contains(InfraTemplates.AppSettings[setting], references);

        // A secret that exists only sometimes is referred to under the same condition, so the reference never dangles.
        if (secret.TryGetProperty("condition", out var condition))
        {
            var settings = Resources.Resource("Microsoft.Web/sites/config", "'appsettings'").At("properties").GetString()!;
            Assert.Contains($"if({ArmTemplate.Unbracketed(condition.GetString()!)}, createObject('{setting}', ", settings);
        }
    }

    [Fact]
    public void No_secure_parameter_is_written_into_an_app_setting()
    {
        var secure = Resources.Root.At("parameters").EnumerateObject()
            .Where(p => p.Value.At("type").GetString() == "securestring").Select(p => p.Name).ToList();
        Assert.Equal(["apnsPrivateKey", "authSigningKey", "fcmServiceAccount", "postgresAdminPassword", "smtpPassword"], secure.Order());
        foreach (var (setting, value) in InfraTemplates.AppSettings)
            foreach (var parameter in secure)
                Assert.False(value.Contains($"parameters('{parameter}')", StringComparison.Ordinal), $"{setting} = {value} holds the secure parameter {parameter}");
    }

    [Fact]
    public void The_outputs_azd_reads_name_the_resource_group_and_the_function_app_it_deploys_to()
    {
        foreach (var name in new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "SERVICE_API_NAME", "SERVICE_API_URI" })
            Assert.Equal("string", Main.Output(name).At("type").GetString());
        Assert.Equal(Main.Resource("Microsoft.Resources/resourceGroups").At("name").GetString(), Main.Output("AZURE_RESOURCE_GROUP").At("value").GetString());

        var app = Resources.Resource("Microsoft.Web/sites");
        Assert.Equal(app.At("name").GetString(), InfraTemplates.PassedOnOutput("SERVICE_API_NAME", "functionAppName"));
        Assert.Equal($"[format('https://{{0}}', {ArmTemplate.Reference(app)}.defaultHostName)]", InfraTemplates.PassedOnOutput("SERVICE_API_URI", "functionAppUri"));
    }
}
