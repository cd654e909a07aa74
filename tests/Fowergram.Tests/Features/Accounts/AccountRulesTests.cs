using Fowergram.Features.Accounts;

namespace Fowergram.Tests.Features.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+test@mail.example.co.uk")]
    [InlineData("a_b-c@sub-domain.example.io")]
    public void Valid_email_is_accepted(string email)
    {
        Assert.Null(AccountRules.EmailError(email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("ada@@example.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@exa mple.com")]
    [InlineData("ada@-example.com")]
    [InlineData("ada@example.c")]
    public void Invalid_email_is_refused(string email)
    {
        Assert.NotNull(AccountRules.EmailError(email));
    }

    [Fact]
    public void Email_longer_than_254_characters_is_refused()
    {
        Assert.NotNull(AccountRules.EmailError(new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com"));
        Assert.NotNull(AccountRules.EmailError(new string('a', 65) + "@example.com"));
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada.lovelace")]
    [InlineData("ada_1815")]
    [InlineData("_ada_")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234")]
    public void Valid_username_is_accepted(string username)
    {
        Assert.Null(AccountRules.UsernameError(username));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345")]
    [InlineData("ada lovelace")]
    [InlineData("ada-lovelace")]
    [InlineData("ada!")]
    [InlineData("adà")]
    [InlineData(".ada")]
    [InlineData("ada.")]
    [InlineData("ada..lovelace")]
    [InlineData("me")]
    [InlineData("admin")]
    [InlineData("search")] // GET /users/search would shadow its profile
    public void Invalid_username_is_refused(string username)
    {
        Assert.NotNull(AccountRules.UsernameError(username));
    }

    [Theory]
    [InlineData("+14155550123", true)]
    [InlineData("+442071838750", true)]
    [InlineData("14155550123", false)]
    [InlineData("+0123456789", false)]
    [InlineData("+1 415 555 0123", false)]
    [InlineData("+1234567890123456", false)]
    public void Phone_numbers_must_be_E164(string phone, bool valid)
    {
        Assert.Equal(valid, AccountRules.PhoneError(phone) is null);
    }
}
