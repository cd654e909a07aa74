using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Auth;

public sealed class AccessTokensTests
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TestClock _clock = new();

    private AccessTokens Tokens(string? key = null, string issuer = "fowergram", string audience = "fowergram-api") =>
        new(Options.Create(new AuthOptions { SigningKey = key ?? Key, Issuer = issuer, Audience = audience }), _clock);

    [Fact]
    public void Issued_token_validates_to_its_user()
    {
        var id = Guid.CreateVersion7();
        var issued = Tokens().Issue(id, "ada");
        Assert.Equal(new Caller(id, "ada"), Tokens().Validate(issued.Token));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(15), issued.ExpiresAt);
    }

    [Fact]
    public void Token_is_refused_once_expired()
    {
        var issued = Tokens().Issue(Guid.CreateVersion7(), "ada");
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull(Tokens().Validate(issued.Token));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(Tokens().Validate(issued.Token));
    }

    [Fact]
    public void Token_from_the_future_is_refused()
    {
        var issued = Tokens().Issue(Guid.CreateVersion7(), "ada");
        _clock.Advance(TimeSpan.FromMinutes(-5));
        Assert.Null(Tokens().Validate(issued.Token));
    }

    [Fact]
    public void Token_signed_with_another_key_is_refused()
    {
        var issued = Tokens(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Issue(Guid.CreateVersion7(), "ada");
        Assert.Null(Tokens().Validate(issued.Token));
    }

    [Fact]
    public void Token_for_another_issuer_or_audience_is_refused()
    {
        Assert.Null(Tokens().Validate(Tokens(issuer: "someone-else").Issue(Guid.CreateVersion7(), "ada").Token));
        Assert.Null(Tokens().Validate(Tokens(audience: "other-api").Issue(Guid.CreateVersion7(), "ada").Token));
    }

    [Fact]
    public void Tampered_payload_is_refused()
    {
        var parts = Tokens().Issue(Guid.CreateVersion7(), "ada").Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"ada\"", "\"eve\"");
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        Assert.Null(Tokens().Validate(forged));
    }

    [Fact]
    public void Alg_none_token_is_refused()
    {
        var parts = Tokens().Issue(Guid.CreateVersion7(), "ada").Token.Split('.');
        var none = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);
        Assert.Null(Tokens().Validate($"{none}.{parts[1]}."));
        Assert.Null(Tokens().Validate($"{none}.{parts[1]}.{parts[2]}"));
    }

    [Fact]
    public void Token_signed_correctly_but_with_another_alg_header_is_refused()
    {
        var parts = Tokens().Issue(Guid.CreateVersion7(), "ada").Token.Split('.');
        var header = Base64Url.EncodeToString("""{"alg":"HS512","typ":"JWT"}"""u8);
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.ASCII.GetBytes($"{header}.{parts[1]}")));
        Assert.Null(Tokens().Validate($"{header}.{parts[1]}.{signature}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("...")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.AAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.!!!.###")]
    public void Garbage_is_refused_without_throwing(string token)
    {
        Assert.Null(Tokens().Validate(token));
    }

    [Fact]
    public void Correctly_signed_token_with_a_payload_that_is_not_claims_is_refused()
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        foreach (var json in new[] { "[]", "42", """{"sub":"not-a-guid","name":"ada","iss":"fowergram","aud":"fowergram-api","exp":9999999999}""" })
        {
            var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
            var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
            Assert.Null(Tokens().Validate($"{header}.{payload}.{signature}"));
        }
    }

    [Fact]
    public void Short_signing_key_is_rejected_at_construction()
    {
        Assert.Throws<InvalidOperationException>(() => Tokens("too-short"));
    }
}
