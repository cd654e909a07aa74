using System.Text;
using Fowergram.Platform.Auth;

namespace Fowergram.Tests.Platform.Auth;

/// <summary>Totp against RFC 6238's own test vectors (SHA-1) and RFC 4648's base32 examples.</summary>
public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_are_RFC_6238_s(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcSecret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)), digits: 8));

    [Fact]
    public void A_code_matches_its_step_and_one_either_side_only()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step), now));
        Assert.Equal(step - 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 2), now));
        Assert.Null(Totp.Match(RfcSecret, "12345", now));
        Assert.Null(Totp.Match(RfcSecret, "12a456", now));
    }

    [Theory]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_is_RFC_4648_s_without_padding(string data, string expected) =>
        Assert.Equal(expected, Totp.Base32(Encoding.ASCII.GetBytes(data)));
}
