using Fowergram.Platform.Data;
using Npgsql;

namespace Fowergram.Tests.Platform.Data;

/// <summary>DATABASE_URL's query string: libpq's parameters mapped, Npgsql's keywords passed on, anything else refused.</summary>
public sealed class DatabaseUrlTests
{
    private const string Base = "postgres://app:s%40cret@db.example.com:6543/fowergram";

    private static NpgsqlConnectionStringBuilder Parse(string query) => new(DatabaseSettings.FromUrl(Base + query));

    [Fact]
    public void The_url_without_parameters_gives_host_port_database_and_credentials()
    {
        var settings = Parse("");
        Assert.Equal(("db.example.com", 6543, "fowergram", "app", "s@cret"),
            (settings.Host, settings.Port, settings.Database, settings.Username, settings.Password));
    }

    [Theory]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("disable", SslMode.Disable)]
    public void Sslmode_is_kept(string given, SslMode expected)
    {
        // The query string was dropped: a hosting provider's ?sslmode=require became Npgsql's default (prefer).
        Assert.Equal(expected, Parse($"?sslmode={given}").SslMode);
    }

    [Fact]
    public void Libpq_parameters_map_to_their_npgsql_settings()
    {
        var settings = Parse("?application_name=fowergram-eu&connect_timeout=7&target_session_attrs=read-write&options=-c%20search_path%3Dapp&sslrootcert=%2Fcerts%2Froot.crt");
        Assert.Equal("fowergram-eu", settings.ApplicationName);
        Assert.Equal(7, settings.Timeout);
        Assert.Equal("read-write", settings.TargetSessionAttributes);
        Assert.Equal("-c search_path=app", settings.Options);
        Assert.Equal("/certs/root.crt", settings.RootCertificate);
    }

    [Fact]
    public void Npgsql_keywords_are_passed_on()
    {
        var settings = Parse("?Maximum%20Pool%20Size=15&Command%20Timeout=45&sslmode=require");
        Assert.Equal((15, 45, SslMode.Require), (settings.MaxPoolSize, settings.CommandTimeout, settings.SslMode));
    }

    [Theory]
    [InlineData("?sslmode=bogus", "sslmode")]
    [InlineData("?sslmode=", "sslmode")]
    [InlineData("?connect_timeout=soon", "connect_timeout")]
    [InlineData("?connect_timeout=5000", "connect_timeout")]
    [InlineData("?target_session_attrs=whatever", "target_session_attrs")]
    [InlineData("?sslmode=require&ssl_mode_typo=require", "ssl_mode_typo")]
    [InlineData("?sslmode=require&sslmode=disable", "sslmode")]
    [InlineData("?sslmode", "sslmode")]
    [InlineData("?Maximum%20Pool%20Size=plenty", "Maximum Pool Size")]
    public void An_unknown_or_invalid_parameter_stops_start_up_naming_it_but_not_its_value(string query, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.FromUrl(Base + query));
        Assert.Contains("DATABASE_URL", error.Message);
        Assert.Contains($"'{named}'", error.Message);
        foreach (var secretish in new[] { "bogus", "soon", "whatever", "plenty", "s@cret" }) Assert.DoesNotContain(secretish, error.Message);
    }
}
