using System.Net;
using Fowergram.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The client's address in the worker (docs/functions-host.md "Client addresses"): the ASP.NET Core integration's
/// forwarded-headers middleware, with the options the built host gives it, believes the Functions runtime's one entry only.
/// </summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "198.51.100.7:50123", "198.51.100.7")] // the runtime's entry, as it writes it (address and port)
    [InlineData("::1", "[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("127.0.0.1", "203.0.113.1, 198.51.100.7", "198.51.100.7")] // one entry: what stands left of it is not believed
    [InlineData("127.0.0.1", "198.51.100.7, 127.0.0.1", "127.0.0.1")] // a local caller (Core Tools) is itself: still one entry
    [InlineData("10.1.2.3", "198.51.100.7", "10.1.2.3")] // a connection that is not the runtime's names no one
    public async Task The_worker_takes_the_client_address_from_the_runtimes_entry_only(string connection, string forwardedFor, string expected)
    {
        using var host = FowergramFunctionsApp.Build([], builder => builder.Configuration.AddInMemoryCollection(FunctionsHost.Settings));
        var options = host.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(connection);
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        IPAddress? seen = null;
        var middleware = new ForwardedHeadersMiddleware(c =>
        {
            seen = c.Connection.RemoteIpAddress;
            return Task.CompletedTask;
        }, NullLoggerFactory.Instance, options);

        await middleware.Invoke(context);

        Assert.Equal(IPAddress.Parse(expected), seen);
    }
}
