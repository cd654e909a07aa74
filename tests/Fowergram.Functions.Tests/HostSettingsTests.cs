using System.Text.Json;
using Fowergram.Functions.Azure;
using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Data;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>host.json and local.settings.sample.json agree with the code: one setting name per concept in both hosts.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void Host_json_is_version_2_with_api_prefix_and_explicit_settlement()
    {
        var host = RepoFiles.Json("host.json");
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var serviceBus = host.GetProperty("extensions").GetProperty("serviceBus");
        Assert.False(serviceBus.GetProperty("autoCompleteMessages").GetBoolean());
        Assert.True(serviceBus.GetProperty("maxConcurrentCalls").GetInt32() > 0);
        // Batched triggers take as many messages per transaction as the Server host's dispatcher claims.
        Assert.Equal(new EventOptions().DeliveryBatchSize, serviceBus.GetProperty("maxMessageBatchSize").GetInt32());
        Assert.Equal("Request", host.GetProperty("logging").GetProperty("applicationInsights")
            .GetProperty("samplingSettings").GetProperty("excludedTypes").GetString());
    }

    [Fact]
    public void Host_json_puts_the_host_on_OpenTelemetry_as_the_worker_is()
    {
        // The worker registers the OpenTelemetry SDK with UseFunctionsWorkerDefaults (FowergramFunctionsApp); the host must
        // emit OpenTelemetry too, or its spans and the worker's do not join into one trace (docs/observability.md).
        Assert.Equal("OpenTelemetry", RepoFiles.Json("host.json").GetProperty("telemetryMode").GetString());
    }

    [Fact]
    public void Local_settings_sample_names_the_settings_the_code_reads()
    {
        var configuration = SampleConfiguration(out var values);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal(values["ConnectionStrings__Fowergram"], DatabaseSettings.TryResolve(configuration));
        Assert.Equal(ServiceBusSettings.DefaultTopic, ServiceBusSettings.Topic(configuration));
        Assert.Contains(ServiceBusSettings.Connection, values.Keys);
        Assert.Equal(new EventOptions().MaxDeliveryCount,
            configuration.GetSection(EventOptions.Section).Get<EventOptions>()!.MaxDeliveryCount);
    }

    [Fact]
    public void Local_settings_sample_signing_key_is_a_placeholder_that_cannot_sign()
    {
        var options = SampleConfiguration(out _).GetSection(AuthOptions.Section).Get<AuthOptions>()!;
        Assert.NotNull(options.SigningKey);
        Assert.Throws<InvalidOperationException>(() => options.SigningKeyBytes());
    }

    [Fact]
    public void Service_bus_client_without_any_connection_setting_fails_with_the_setting_names()
    {
        var empty = new ConfigurationBuilder().Build();
        var error = Assert.Throws<InvalidOperationException>(() => ServiceBusSettings.CreateClient(empty));
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", error.Message);
    }

    [Fact]
    public void Topic_setting_overrides_the_default_topic()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Events:Topic", "other-events")]).Build();
        Assert.Equal("other-events", ServiceBusSettings.Topic(configuration));
        Assert.Equal("%" + ServiceBusSettings.TopicSetting + "%", ServiceBusSettings.TopicExpression);
    }

    /// <summary>The sample's Values as the host exposes them: environment variables, "__" read as ":".</summary>
    private static IConfiguration SampleConfiguration(out Dictionary<string, string> values)
    {
        values = RepoFiles.Json("local.settings.sample.json").GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":"), v.Value)))
            .Build();
    }
}
