using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>The Functions host sends mail only through SMTP and says so at startup when it is not configured.</summary>
public sealed class EmailSettingsTests
{
    [Fact]
    public void Functions_host_uses_the_smtp_sender()
    {
        using var services = FunctionsHost.Build();
        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Functions_host_without_an_smtp_host_fails_at_startup_naming_the_setting()
    {
        var settings = FunctionsHost.Settings.Where(s => s.Key != "Email:Smtp:Host");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var error = Assert.Throws<InvalidOperationException>(() => FunctionsHost.Services(configuration));
        Assert.Contains("Email:Smtp:Host", error.Message);
    }

    [Fact]
    public void Local_settings_sample_configures_smtp()
    {
        var values = RepoFiles.Json("local.settings.sample.json").GetProperty("Values");
        Assert.False(string.IsNullOrEmpty(values.GetProperty("Email__Smtp__Host").GetString()));
    }
}
