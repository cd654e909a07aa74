using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Accounts;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>How a request's address is counted (docs/accounts.md "Limits per address"), and whose X-Forwarded-For is believed.</summary>
public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")] // a dual-stack socket's view of an IPv4 client
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void An_address_is_counted_by_itself_and_IPv6_by_its_64_prefix(string address, string key) =>
        Assert.Equal(key, ClientAddresses.Key(IPAddress.Parse(address)));

    [Fact]
    public void Requests_without_an_address_share_one_key() => Assert.Equal(ClientAddresses.Unknown, ClientAddresses.Key(null));

    [Fact]
    public void Configured_proxies_replace_the_default_trust_of_loopback()
    {
        var options = new ForwardedHeadersOptions();
        ClientAddresses.TrustConfiguredProxies(options, Settings("10.0.0.4, 10.1.0.0/16 ,2001:db8::/48"));

        Assert.Equal([IPAddress.Parse("10.0.0.4")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16"), System.Net.IPNetwork.Parse("2001:db8::/48")], options.KnownIPNetworks);
        Assert.Null(options.ForwardLimit);
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);

        var none = new ForwardedHeadersOptions();
        ClientAddresses.TrustConfiguredProxies(none, Settings(null));
        Assert.Equal(ForwardedHeaders.None, none.ForwardedHeaders); // empty lists would mean "trust every proxy" to the middleware
        Assert.Empty(none.KnownProxies);
        Assert.Empty(none.KnownIPNetworks);
#pragma warning disable ASPDEPR005 // the obsolete list still counts in the middleware
        Assert.Empty(none.KnownNetworks);
#pragma warning restore ASPDEPR005
    }

    [Theory]
    [InlineData("10.0.0.300")]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.internal")]
    public void A_malformed_proxy_entry_stops_the_host_and_names_the_setting(string entry)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ClientAddresses.TrustConfiguredProxies(new ForwardedHeadersOptions(), Settings($"10.0.0.4,{entry}")));
        Assert.Contains(ClientAddresses.KnownProxiesSetting, error.Message);
        Assert.Contains(entry, error.Message);
    }

    private static IConfiguration Settings(string? proxies) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(ClientAddresses.KnownProxiesSetting, proxies)]).Build();
}

/// <summary>The Server host with no proxy configured (the default) believes no X-Forwarded-For: a client cannot name its address.</summary>
[Collection(ApiCollection.Name)]
public sealed class UntrustedForwardedForTests(FowergramApp app)
{
    [Fact]
    public async Task Without_a_trusted_proxy_a_forwarded_address_is_ignored_and_the_connection_counts()
    {
        var claimed = $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}::1";
        using var client = new HttpClient { BaseAddress = app.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", claimed);

        var answer = await client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = $"nobody-{Guid.NewGuid():N}@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(0L, await Count(ClientAddresses.Key(IPAddress.Parse(claimed))));
        Assert.Equal(1L, await Count("127.0.0.1"));
    }

    [Fact]
    public async Task A_request_whose_host_saw_no_address_is_served_and_counted_under_the_shared_key()
    {
        var limit = app.Services.GetRequiredService<AddressLimit>();
        // Only this test speaks without an address; a row of an earlier run may be in a window that has ended.
        var before = await AccountsDb.ScalarAsync<int?>(
            "SELECT requests FROM address_throttles WHERE kind = 'password_reset' AND subject = @Subject AND window_starts_at > @WindowStart", NoAddress());

        var refused = await limit.TakeAsync(new DefaultHttpContext().Request, AddressLimit.PasswordReset, default); // as an in-memory server's

        Assert.Null(refused);
        Assert.Equal((before ?? 0) + 1, await AccountsDb.ScalarAsync<int>(
            "SELECT requests FROM address_throttles WHERE kind = 'password_reset' AND subject = @Subject", NoAddress()));
    }

    private object NoAddress() => new
    {
        Subject = FixedWindowCounter.Hashed(ClientAddresses.Unknown),
        WindowStart = app.Clock.GetUtcNow() - new Fowergram.Platform.Auth.AuthOptions().AddressRequestWindow,
    };

    private static Task<long> Count(string key) => AccountsDb.ScalarAsync<long>(
        "SELECT count(*) FROM address_throttles WHERE kind = 'password_reset' AND subject = @subject", new { subject = FixedWindowCounter.Hashed(key) });
}
