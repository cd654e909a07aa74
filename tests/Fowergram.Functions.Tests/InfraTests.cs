using System.Reflection;
using System.Text.RegularExpressions;
using Fowergram.Functions.Azure;
using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Events;
using Fowergram.Platform.Media;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// infra/ (Bicep for azd) agrees with the code: one subscription per consumer with the configured
/// delivery count, the topic, a private media container, app settings that bind to real options,
/// parameters and outputs wired through azure.yaml's hooks. The tests read the ARM template that the
/// pinned Bicep CLI compiles infra/main.bicep to (Infrastructure/BicepCli; InfraCompileTests checks that
/// it compiles without a diagnostic and what it locks down), so a name is the one the template states,
/// however the Bicep is written. Values known only at deployment are the expressions the template holds.
/// </summary>
public sealed class InfraTests
{
    private const string Subscriptions = "Microsoft.ServiceBus/namespaces/topics/subscriptions";
    private const string Topics = "Microsoft.ServiceBus/namespaces/topics";

    private static ArmTemplate Main => InfraTemplates.Main;
    private static ArmTemplate Resources => InfraTemplates.Resources;

    [Fact]
    public void There_is_one_subscription_per_registered_event_consumer()
    {
        using var services = FunctionsHost.Build();
        var consumers = services.GetServices<IEventConsumer>().Select(c => c.Name).Order().ToList();
        var provisioned = RepoFiles.Json("infra/consumers.json").At("consumers").EnumerateArray().Select(c => c.GetString()!).ToList();

        Assert.Equal(consumers, provisioned.Order().ToList());
        Assert.Equal(provisioned.Count, provisioned.Distinct().Count());
        // The template loops over that very list: one subscription of the topic per entry, named like it.
        Assert.Equal(provisioned, Resources.Variable("consumers").EnumerateArray().Select(c => c.GetString()!).ToList());
        var subscription = Resources.Resource(Subscriptions);
        Assert.Equal("[length(variables('consumers'))]", subscription.At("copy.count").GetString());
        var name = ArmExpression.CallArguments(ArmTemplate.Unbracketed(subscription.At("name").GetString()!));
        Assert.Equal("variables('consumers')[copyIndex()]", name[^1]);
        Assert.Equal(ServiceBusSettings.DefaultTopic, Resources.StringValue(name[^2]));
    }

    [Fact]
    public void Subscriptions_dead_letter_after_the_configured_delivery_count()
    {
        var subscription = Resources.Resource(Subscriptions).At("properties");
        Assert.Equal("[parameters('eventsMaxDeliveryCount')]", subscription.At("maxDeliveryCount").GetString());
        Assert.True(subscription.At("deadLetteringOnMessageExpiration").GetBoolean());
        // main.bicep passes its parameter on, and its default is the code's.
        var passed = Main.Module(InfraTemplates.ResourcesModule).At("properties.parameters.eventsMaxDeliveryCount");
        Assert.Equal("[parameters('eventsMaxDeliveryCount')]", passed.At("value").GetString());
        Assert.Equal(new EventOptions().MaxDeliveryCount, Main.Parameter("eventsMaxDeliveryCount").At("defaultValue").GetInt32());
        Assert.Equal("string(parameters('eventsMaxDeliveryCount'))", InfraTemplates.AppSettings["Events__MaxDeliveryCount"]);

        // And someone hears of it: an alert on the namespace's dead-lettered messages.
        var alert = Resources.Resource("Microsoft.Insights/metricAlerts").At("properties");
        Assert.Equal("DeadletteredMessages", Assert.Single(alert.At("criteria.allOf").EnumerateArray()).At("metricName").GetString());
        Assert.Equal($"[{ArmTemplate.ResourceId(Resources.Resource("Microsoft.ServiceBus/namespaces"))}]", Assert.Single(alert.At("scopes").EnumerateArray()).GetString());
    }

    [Fact]
    public void Processed_markers_outlive_every_message_the_topic_can_still_deliver()
    {
        // event-housekeeping deletes a consumer's markers after Events:ProcessedRetention; a duplicate
        // delivered after that would be applied again, so no message may live as long. The topic's
        // time-to-live caps every message; a subscription's may shorten it.
        Assert.True(Resources.Resource(Topics).At("properties").TryGetProperty("defaultMessageTimeToLive", out _), "the topic sets no message time-to-live");
        var lifetimes = Resources.Resources(Topics).Concat(Resources.Resources(Subscriptions))
            .Select(r => r.At("properties").TryGetProperty("defaultMessageTimeToLive", out var ttl) ? ttl.GetString() : null)
            .OfType<string>().Select(System.Xml.XmlConvert.ToTimeSpan).ToList();
        Assert.All(lifetimes, ttl => Assert.True(ttl < new EventOptions().ProcessedRetention, $"message time-to-live {ttl} is not below the marker retention"));
    }

    [Fact]
    public void The_topic_is_the_one_the_triggers_and_the_relay_use()
    {
        var topic = Resources.Resource(Topics);
        Assert.Equal(ServiceBusSettings.DefaultTopic, Resources.OwnName(topic));
        Assert.Equal(ServiceBusSettings.DefaultTopic, Resources.StringValue(InfraTemplates.AppSettings["Events__Topic"]));
        // MessageId is the event id (ServiceBusEventTransport), so a second publish of one event is dropped.
        Assert.True(topic.At("properties.requiresDuplicateDetection").GetBoolean());
    }

    [Fact]
    public void Media_lives_in_a_private_container_of_an_account_without_public_blobs_or_keys()
    {
        var media = new MediaOptions().Container;
        var container = Assert.Single(Resources.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Resources.OwnName(c) == media);
        Assert.Equal("None", container.At("properties.publicAccess").GetString());
        Assert.Equal(media, Resources.StringValue(InfraTemplates.AppSettings["Media__Container"]));

        var storage = Resources.Resource("Microsoft.Storage/storageAccounts");
        Assert.False(storage.At("properties.allowBlobPublicAccess").GetBoolean());
        Assert.False(storage.At("properties.allowSharedKeyAccess").GetBoolean());
        Assert.Equal($"{ArmTemplate.Reference(storage)}.primaryEndpoints.blob", InfraTemplates.AppSettings["Media__BlobServiceUri"]);
    }

    [Fact]
    public void Every_app_setting_is_one_the_code_reads()
    {
        var settings = AppSettingNames();
        Assert.NotEmpty(settings);
        var unknown = settings.Where(s => !IsRead(s)).ToList();
        Assert.True(unknown.Count == 0, "App settings nothing reads (a typo?): " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_settings_the_functions_host_cannot_start_without_are_provisioned()
    {
        var settings = AppSettingNames();
        string[] required =
        [
            "ConnectionStrings__Fowergram", "Auth__SigningKey", "Events__Topic", "Email__Smtp__Host", "Media__BlobServiceUri",
            $"{ServiceBusSettings.Connection}__fullyQualifiedNamespace", $"{ServiceBusSettings.Connection}__credential", $"{ServiceBusSettings.Connection}__clientId",
            "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_CONNECTION_STRING",
        ];
        Assert.Empty(required.Except(settings));
        // The secrets among them are Key Vault references: InfraCompileTests.A_secret_reaches_the_app_as_a_Key_Vault_reference_to_the_secret_that_holds_it.
    }

    [Fact]
    public void Every_parameter_without_a_default_gets_a_value_from_the_azd_environment()
    {
        var declared = Main.Root.At("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.TryGetProperty("defaultValue", out _));
        var given = RepoFiles.Json("infra/main.parameters.json").At("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Empty(given.Except(declared.Keys));
        Assert.Empty(declared.Where(d => !d.Value).Select(d => d.Key).Except(given));
    }

    [Fact]
    public void The_hooks_exist_and_the_outputs_they_read_are_declared()
    {
        var azure = File.ReadAllText(Path.Combine(RepoFiles.Root, "azure.yaml"));
        Assert.Matches(@"services:\s*api:\s*project: \./src/Fowergram\.Functions\s*language: dotnet\s*host: function", azure);
        Assert.True(File.Exists(Path.Combine(RepoFiles.Root, "src", "Fowergram.Functions", "Fowergram.Functions.csproj")));
        // How azd finds the app to deploy to.
        var tags = ArmTemplate.Unbracketed(Resources.Resource("Microsoft.Web/sites").At("tags").GetString()!);
        Assert.Contains(new KeyValuePair<string, string>("azd-service-name", "'api'"), ArmExpression.ObjectEntries(tags));

        var outputs = Main.Root.At("outputs").EnumerateObject().Select(o => o.Name).ToHashSet();
        foreach (Match hook in Regex.Matches(azure, @"run: \./(scripts/azd/[\w.-]+\.sh)"))
        {
            var path = Path.Combine(RepoFiles.Root, hook.Groups[1].Value);
            Assert.True(File.Exists(path), path);
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), path + " is not executable");
            foreach (Match used in Regex.Matches(File.ReadAllText(path), @"\$\{?(POSTGRES_(?:HOST|DATABASE|ADMIN_LOGIN))"))
                Assert.Contains(used.Groups[1].Value, outputs);
        }
        Assert.Equal(2, Regex.Matches(azure, @"run: \./scripts/azd/").Count);
    }

    private static List<string> AppSettingNames() => InfraTemplates.AppSettings.Keys.ToList();

    /// <summary>A setting the host or the Azure SDK reads, or one that binds to a property of an options class.</summary>
    private static bool IsRead(string setting)
    {
        string[] platform = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "AZURE_CLIENT_ID", "ConnectionStrings__Fowergram",
            ServiceBusSettings.TopicSetting.Replace(":", "__")];
        if (platform.Contains(setting)) return true;
        var parts = setting.Split("__");
        if (parts[0] is "AzureWebJobsStorage" or ServiceBusSettings.Connection)
            return parts.Length == 2 && parts[1] is "accountName" or "fullyQualifiedNamespace" or "credential" or "clientId";
        if (!OptionsSections.Value.TryGetValue(parts[0], out var type)) return false;
        foreach (var part in parts[1..])
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || !property.CanWrite) return false;
            type = property.PropertyType;
        }
        return true;
    }

    private static readonly Lazy<Dictionary<string, Type>> OptionsSections = new(() => typeof(EventOptions).Assembly.GetTypes()
        .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Type.Name.EndsWith("Options", StringComparison.Ordinal))
        .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type));
}
