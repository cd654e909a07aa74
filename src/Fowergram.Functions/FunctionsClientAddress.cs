using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fowergram.Functions;

/// <summary>
/// Which address a request comes from in Azure, for the limits per address (docs/functions-host.md "Client addresses").
/// The worker never sees the client: the Functions runtime proxies every HTTP invocation to it over loopback, with
/// X-Forwarded-For set (YARP's default replaces, it does not append) to the address the request reached the runtime from.
/// The ASP.NET Core integration already runs ASP.NET Core's forwarded-headers middleware; this pins what it believes, so a
/// package update cannot widen it: the loopback hop only, and exactly one entry from it. Entries a client wrote itself
/// never survive the runtime's rewrite, and would not be read if they did.
/// </summary>
public static class FunctionsClientAddress
{
    public static void TrustTheFunctionsRuntimeOnly(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders |= ForwardedHeaders.XForwardedFor;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // The obsolete list keeps its own default (127.0.0.0/8) and the middleware still reads it: it must be emptied too.
#pragma warning disable ASPDEPR005
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        options.KnownProxies.Add(IPAddress.Loopback);
        options.KnownProxies.Add(IPAddress.IPv6Loopback);
    }
}
