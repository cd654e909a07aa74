using Fowergram.Functions.Azure;
using Fowergram.Functions.Triggers;
using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Functions;

/// <summary>
/// What the Functions host adds to <see cref="FowergramServices.AddFowergram"/>: Service Bus as the
/// event transport, Blob Storage as the media store, and the helpers its triggers call. The Server host's counterpart is
/// <c>AddFowergramServerHost</c> (a database transport and background services).
/// </summary>
public static class FunctionsHostServices
{
    public static IServiceCollection AddFowergramFunctionsHost(this IServiceCollection services, IConfiguration configuration)
    {
        // AddFowergram registered SmtpEmailSender when a host is set; this host has no local mailbox to fall back on.
        if (!EmailServices.SmtpConfigured(configuration))
            throw new InvalidOperationException(
                "Email:Smtp:Host must be configured (set Email__Smtp__Host, Email__Smtp__Port, Email__From, ...): " +
                "the email-delivery consumer sends verification and password-reset mails through SMTP.");
        // The client only parses its settings here; it connects on first send.
        services.AddSingleton(_ => ServiceBusSettings.CreateClient(configuration));
        services.AddSingleton<IEventTransport, ServiceBusEventTransport>();
        services.AddSingleton<ServiceBusEventDelivery>();
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<ScheduledJobRunner>();
        // Media bytes live in Blob Storage (Media:BlobServiceUri or Media:ConnectionString, read on first use).
        services.AddSingleton<IMediaStore, BlobMediaStore>();
        // After the ASP.NET Core integration's own settings: the client's address is the runtime's one entry (the limits per address).
        services.PostConfigure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(FunctionsClientAddress.TrustTheFunctionsRuntimeOnly);
        // Results that serialise through ASP.NET Core's JsonOptions look the same in both hosts.
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => CopyApiJson(o.SerializerOptions));
        return services;
    }

    private static void CopyApiJson(System.Text.Json.JsonSerializerOptions target)
    {
        target.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
        target.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
        foreach (var converter in ApiJson.Options.Converters) target.Converters.Add(converter);
    }
}
