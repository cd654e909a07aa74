using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace Fowergram.Functions.Azure;

/// <summary>
/// The Service Bus settings, named as the Functions host names them, so the triggers and the sender
/// read the same ones: <c>ServiceBusConnection</c> is a connection string, or the prefix of the
/// identity-based settings <c>ServiceBusConnection__fullyQualifiedNamespace</c> (+ <c>__credential</c>,
/// <c>__clientId</c>); <c>Events__Topic</c> names the topic.
/// </summary>
public static class ServiceBusSettings
{
    /// <summary>The trigger attribute's <c>Connection</c>: a setting name (or prefix), not a value.</summary>
    public const string Connection = "ServiceBusConnection";

    /// <summary>The topic as a binding expression; the host resolves it from app settings at start-up.</summary>
    public const string TopicExpression = "%" + TopicSetting + "%";

    public const string TopicSetting = "Events:Topic";

    public const string DefaultTopic = "fowergram-events";

    public static string Topic(IConfiguration configuration) =>
        configuration[TopicSetting] is { Length: > 0 } topic ? topic : DefaultTopic;

    public static ServiceBusClient CreateClient(IConfiguration configuration)
    {
        if (configuration[Connection] is { Length: > 0 } connectionString) return new ServiceBusClient(connectionString);

        var identity = configuration.GetSection(Connection);
        if (identity["fullyQualifiedNamespace"] is not { Length: > 0 } fullyQualifiedNamespace)
            throw new InvalidOperationException(
                $"Service Bus is not configured: set {Connection} to a connection string, or " +
                $"{Connection}__fullyQualifiedNamespace (with {Connection}__credential=managedidentity and {Connection}__clientId for a user-assigned identity).");
        return new ServiceBusClient(fullyQualifiedNamespace, Credential(identity));
    }

    /// <summary>The same identity the trigger listeners use, so one role assignment covers both.</summary>
    private static TokenCredential Credential(IConfigurationSection identity)
    {
        var clientId = identity["clientId"] is { Length: > 0 } id ? id : null;
        return string.Equals(identity["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
