using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fowergram.Functions.Azure;
using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Events;
using Fowergram.Platform.Media;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// infra/ (Bicep for azd) agrees with the code. No Bicep compiler can be installed on this machine (it
/// is in neither package mirror), so these tests read the templates as text: they prove that the names
/// and values the code depends on are the ones provisioned — one subscription per consumer with the
/// configured delivery count, the topic, a private media container, app settings that bind to real
/// options, parameters and outputs wired through azure.yaml's hooks — not that Azure accepts the files.
/// </summary>
public sealed partial class InfraTests
{
    private static readonly string Resources = File.ReadAllText(Path.Combine(RepoFiles.Root, "infra", "resources.bicep"));
    private static readonly string Main = File.ReadAllText(Path.Combine(RepoFiles.Root, "infra", "main.bicep"));

    [Fact]
    public void There_is_one_subscription_per_registered_event_consumer()
    {
        using var services = FunctionsHost.Build();
        var consumers = services.GetServices<IEventConsumer>().Select(c => c.Name).Order().ToList();
        var provisioned = RepoFiles.Json("infra/consumers.json").GetProperty("consumers").EnumerateArray().Select(c => c.GetString()!).ToList();

        Assert.Equal(consumers, provisioned.Order().ToList());
        Assert.Equal(provisioned.Count, provisioned.Distinct().Count());
        Assert.Contains("var consumers = loadJsonContent('consumers.json').consumers", Resources);
        Assert.Matches(@"for consumer in consumers: \{\s*parent: topic\s*name: consumer", Resources);
    }

    [Fact]
    public void Subscriptions_dead_letter_after_the_configured_delivery_count()
    {
        Assert.Contains("maxDeliveryCount: eventsMaxDeliveryCount", Resources);
        Assert.Equal(new EventOptions().MaxDeliveryCount.ToString(), ParameterDefault(Main, "eventsMaxDeliveryCount"));
        Assert.Contains("Events__MaxDeliveryCount: string(eventsMaxDeliveryCount)", Resources);
        Assert.Contains("deadLetteringOnMessageExpiration: true", Resources);
        Assert.Contains("metricName: 'DeadletteredMessages'", Resources); // and someone hears of it
    }

    [Fact]
    public void Processed_markers_outlive_every_message_the_topic_can_still_deliver()
    {
        // event-housekeeping deletes a consumer's markers after Events:ProcessedRetention; a duplicate
        // delivered after that would be applied again, so no message may live as long.
        var lifetimes = MessageTimeToLive().Matches(Resources).Select(m => System.Xml.XmlConvert.ToTimeSpan(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(lifetimes);
        Assert.All(lifetimes, ttl => Assert.True(ttl < new EventOptions().ProcessedRetention, $"message time-to-live {ttl} is not below the marker retention"));
    }

    [Fact]
    public void The_topic_is_the_one_the_triggers_and_the_relay_use()
    {
        Assert.Contains($"var eventsTopic = '{ServiceBusSettings.DefaultTopic}'", Resources);
        Assert.Contains("Events__Topic: eventsTopic", Resources);
        Assert.Contains("requiresDuplicateDetection: true", Resources); // MessageId is the event id (ServiceBusEventTransport)
    }

    [Fact]
    public void Media_lives_in_a_private_container_of_an_account_without_public_blobs_or_keys()
    {
        Assert.Contains($"var mediaContainer = '{new MediaOptions().Container}'", Resources);
        Assert.Matches(@"resource media '[^']+' = \{\s*parent: blobs\s*name: mediaContainer\s*properties: \{ publicAccess: 'None' \}", Resources);
        Assert.Contains("allowBlobPublicAccess: false", Resources);
        Assert.Contains("allowSharedKeyAccess: false", Resources);
        Assert.Contains("Media__BlobServiceUri: storage.properties.primaryEndpoints.blob", Resources);
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
        // Secrets come from Key Vault references, never as values in the settings.
        Assert.Contains("ConnectionStrings__Fowergram: '@Microsoft.KeyVault(SecretUri=", Resources);
        Assert.Contains("Auth__SigningKey: '@Microsoft.KeyVault(SecretUri=", Resources);
    }

    [Fact]
    public void Every_parameter_without_a_default_gets_a_value_from_the_azd_environment()
    {
        var declared = Regex.Matches(Main, @"^param (\w+) \w+( = .+)?$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success);
        var given = RepoFiles.Json("infra/main.parameters.json").GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Empty(given.Except(declared.Keys));
        Assert.Empty(declared.Where(d => !d.Value).Select(d => d.Key).Except(given));
    }

    [Fact]
    public void The_hooks_exist_and_the_outputs_they_read_are_declared()
    {
        var azure = File.ReadAllText(Path.Combine(RepoFiles.Root, "azure.yaml"));
        Assert.Matches(@"services:\s*api:\s*project: \./src/Fowergram\.Functions\s*language: dotnet\s*host: function", azure);
        Assert.True(File.Exists(Path.Combine(RepoFiles.Root, "src", "Fowergram.Functions", "Fowergram.Functions.csproj")));
        Assert.Contains("tags: union(tags, { 'azd-service-name': 'api' })", Resources); // how azd finds the app to deploy to

        var outputs = Regex.Matches(Main, @"^output (\w+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
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

    private static List<string> AppSettingNames()
    {
        var block = Regex.Match(Resources, @"var appSettings = \{(.*?)\n\}", RegexOptions.Singleline);
        Assert.True(block.Success, "var appSettings = { ... } not found in resources.bicep");
        var names = Regex.Matches(block.Groups[1].Value, @"^\s+(\w+):", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        names.AddRange(Regex.Matches(Resources, @"\{ (Email__Smtp__Password): '@Microsoft\.KeyVault").Select(m => m.Groups[1].Value));
        return names;
    }

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

    private static string ParameterDefault(string bicep, string name)
    {
        var match = Regex.Match(bicep, $@"^param {name} \w+ = (.+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"param {name} with a default not found");
        return match.Groups[1].Value.Trim();
    }

    [GeneratedRegex(@"defaultMessageTimeToLive: '([^']+)'")]
    private static partial Regex MessageTimeToLive();
}
