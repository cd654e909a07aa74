using Fowergram.Platform.Auth;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Auth;

public sealed class PasswordHasherTests
{
    private static PasswordHasher Hasher(int iterations) => new(Options.Create(new AuthOptions { PasswordIterations = iterations }));

    [Fact]
    public void Default_cost_meets_the_OWASP_floor_for_PBKDF2_SHA256()
    {
        Assert.True(new AuthOptions().PasswordIterations >= 600_000);
    }

    [Fact]
    public void Hash_stores_scheme_iterations_salt_and_hash()
    {
        var parts = Hasher(1000).Hash("Sunflower-meadow-42").Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void Same_password_hashes_differently_each_time()
    {
        var hasher = Hasher(1000);
        Assert.NotEqual(hasher.Hash("Sunflower-meadow-42"), hasher.Hash("Sunflower-meadow-42"));
    }

    [Fact]
    public void Right_password_verifies_and_wrong_one_fails()
    {
        var hasher = Hasher(1000);
        var stored = hasher.Hash("Sunflower-meadow-42");
        Assert.Equal(PasswordCheck.Succeeded, hasher.Verify("Sunflower-meadow-42", stored));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify("sunflower-meadow-42", stored));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify("", stored));
    }

    [Fact]
    public void Hash_made_with_fewer_iterations_than_configured_needs_a_rehash()
    {
        var stored = Hasher(1000).Hash("Sunflower-meadow-42");
        Assert.Equal(PasswordCheck.SucceededNeedsRehash, Hasher(2000).Verify("Sunflower-meadow-42", stored));
        Assert.Equal(PasswordCheck.Failed, Hasher(2000).Verify("wrong-password-1", stored));
    }

    [Fact]
    public void Hash_made_with_more_iterations_than_configured_is_kept()
    {
        var stored = Hasher(2000).Hash("Sunflower-meadow-42");
        Assert.Equal(PasswordCheck.Succeeded, Hasher(1000).Verify("Sunflower-meadow-42", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("bcrypt$10$abc$def")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA$extra")]
    public void Damaged_stored_hash_fails_closed_instead_of_throwing(string stored)
    {
        Assert.Equal(PasswordCheck.Failed, Hasher(1000).Verify("Sunflower-meadow-42", stored));
    }

    [Fact]
    public void Verify_nothing_spends_work_without_throwing()
    {
        Hasher(1000).VerifyNothing("anything at all");
        Hasher(1000).VerifyNothing("");
        Assert.Equal(PasswordCheck.Failed, Hasher(1000).Verify("anything at all", "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"));
    }
}
