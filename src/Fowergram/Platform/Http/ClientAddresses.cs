using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Fowergram.Platform.Http;

/// <summary>
/// Which address a request comes from, for the limits per address (docs/accounts.md "Limits per address"): the connection's
/// <c>RemoteIpAddress</c>, which the hosts' forwarded-headers middleware replaces with the client's address only when the
/// connection comes from a trusted proxy (docs/deploy.md, docs/functions-host.md).
/// </summary>
public static class ClientAddresses
{
    /// <summary>
    /// Addresses or CIDR networks of the proxies whose X-Forwarded-For the Server host believes, comma-separated. Default: none.
    /// The Functions host trusts the Functions runtime in front of its worker instead (docs/functions-host.md).
    /// </summary>
    public const string KnownProxiesSetting = "ForwardedHeaders:KnownProxies";

    /// <summary>The one key of every request whose host saw no address (an in-memory test server, a Unix socket).</summary>
    public const string Unknown = "none";

    /// <summary>
    /// The address as it is counted: IPv4 as is (also when it arrives IPv4-mapped), IPv6 by its /64 prefix, since one
    /// subscriber is usually given a whole /64 and could otherwise take a fresh address for every request.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>
    /// Believes X-Forwarded-For (and -Proto) only from the configured proxies: ASP.NET Core's default trust of the loopback
    /// address is dropped, so a client that reaches the host directly cannot name its own address. Behind a chain of trusted
    /// proxies the walk goes on from the right while each hop is one of them, so no fixed ForwardLimit is needed. With none
    /// configured no header is read at all: the middleware takes empty lists to mean "every proxy", not "none".
    /// </summary>
    public static void TrustConfiguredProxies(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // The obsolete list keeps its own default (127.0.0.0/8) and the middleware still reads it: it must be emptied too.
#pragma warning disable ASPDEPR005
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        // A malformed entry stops the host at start rather than trusting less (or more) than meant.
        foreach (var entry in (configuration[KnownProxiesSetting] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) options.KnownIPNetworks.Add(network);
            else if (!entry.Contains('/') && IPAddress.TryParse(entry, out var proxy)) options.KnownProxies.Add(proxy);
            else throw new InvalidOperationException(
                $"{KnownProxiesSetting} has '{entry}', which is neither an IP address nor a CIDR network (like 10.0.0.0/8).");
        }
        options.ForwardedHeaders = options.KnownProxies.Count + options.KnownIPNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    }
}
