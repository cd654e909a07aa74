using Fowergram.Features.Accounts;

namespace Fowergram.Tests.Features.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Sunflower-meadow-42")]
    [InlineData("correct horse battery")]
    [InlineData("k8#mQ2!zLp")]
    [InlineData("ÜberSicher1234")]
    public void Strong_password_is_accepted(string password)
    {
        Assert.Null(PasswordPolicy.Check(password, "ada_lovelace", "ada@example.com"));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("Short1!", "at least 10")]
    [InlineData("🌷🌷🌷🌷ab", "at least 10")] // six characters, though ten UTF-16 units
    [InlineData("abcdefghijklmnop", "two of")]
    [InlineData("12345678901234", "two of")]
    [InlineData("ABCDEFGHIJKLMNOP", "two of")]
    [InlineData("ada_lovelace", "username")]
    [InlineData("Ada_Lovelace99", "username")]
    [InlineData("my-adacount-key", "e-mail")]
    [InlineData("Password2024!", "common")]
    [InlineData("!!qwerty!!2024", "common")]
    [InlineData("1q2w3e4r5t", "common")]
    [InlineData("Iloveyou123", "common")]
    [InlineData("letmein_letmein1", null)]
    public void Weak_password_is_refused_with_a_reason(string? password, string? reason)
    {
        var error = PasswordPolicy.Check(password, "ada_lovelace", "adacount@example.com");
        if (reason is null)
        {
            Assert.Null(error); // a stem repeated with other text is long enough to stand
            return;
        }
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Overlong_password_is_refused()
    {
        Assert.Contains("at most", PasswordPolicy.Check(new string('a', 120) + "B1234567890", "x", "x@example.com"));
    }

    /// <summary>Lengths count characters (an emoji is one), as the policy's "10–128 characters" says.</summary>
    [Fact]
    public void A_passphrase_of_emoji_within_128_characters_is_accepted()
    {
        Assert.Null(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("🌷", 100)) + "ab", "ada_lovelace", "ada@example.com"));
    }

    [Fact]
    public void Short_username_is_only_refused_as_the_whole_password()
    {
        Assert.Null(PasswordPolicy.Check("Sunflower-ab-42", "ab", "zz@example.com"));
    }
}
