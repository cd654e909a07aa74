using Fowergram.Platform.Content;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// How captions link hashtags, by code point: letters beyond the Basic Multilingual Plane are two UTF-16 units each, and a
/// regex's \p{L} saw neither half as a letter, so such a letter ended the hashtag (or made none at all).
/// </summary>
public sealed class CaptionTextTests
{
    private const string Gothic = "\U00010332\U0001033F\U00010344\U00010339\U00010343\U0001033A"; // 𐌲𐌿𐍄𐌹𐍃𐌺
    private const string DeseretUpper = "\U00010400\U00010401";                                  // 𐐀𐐁
    private const string DeseretLower = "\U00010428\U00010429";                                  // 𐐨𐐩

    [Theory]
    [InlineData("#" + Gothic, Gothic)]
    [InlineData("words #" + Gothic + "_2 more", Gothic + "_2")]
    [InlineData("#a" + Gothic + "b", "a" + Gothic + "b")]
    [InlineData("#" + DeseretUpper, DeseretLower)]
    [InlineData("#\U0001D400\U0001D401", "\U0001D400\U0001D401")] // mathematical bold capitals: letters with no lower case
    [InlineData("#caf\u00e9 #Sunset", "caf\u00e9|sunset")]
    [InlineData("#e\u0301t\u00e9 #\u0663\u0664", "e\u0301t\u00e9|\u0663\u0664")] // marks and Arabic-Indic digits
    public void Hashtags_take_letters_marks_and_numbers_of_every_plane(string caption, string expected) =>
        Assert.Equal(expected.Split('|'), CaptionText.Parse(caption).Hashtags);

    [Theory]
    [InlineData("a#b")]
    [InlineData(Gothic + "#b")]              // glued to a preceding word beyond the BMP too
    [InlineData("&#39; and ##double")]
    [InlineData("# alone, #! and #\U0001F600")] // nothing after '#' that a hashtag may hold (an emoji is a symbol)
    [InlineData("#\uD800broken")]            // a lone surrogate is no letter
    public void Text_that_is_not_a_hashtag_stays_text(string caption) =>
        Assert.Empty(CaptionText.Parse(caption).Hashtags);

    [Fact]
    public void A_hashtag_ends_at_the_first_character_that_cannot_be_in_one()
    {
        Assert.Equal(["one", "two" + Gothic, "three"], CaptionText.Parse("#one, #two" + Gothic + "\U0001F600#three").Hashtags);
        Assert.Equal(["x"], CaptionText.Parse("#x#x #X").Hashtags);
    }

    [Theory]
    [InlineData("#" + DeseretUpper, DeseretLower)]
    [InlineData(Gothic, Gothic)]
    [InlineData("Sunset", "sunset")]
    [InlineData("bad" + "\U0001F600", null)]
    [InlineData("#", null)]
    public void A_hashtag_named_in_a_url_is_normalised_the_same_way(string raw, string? expected) =>
        Assert.Equal(expected, CaptionText.NormalizeHashtag(raw));

    /// <summary>
    /// Hangul typed as jamo (a leading consonant, a vowel, a trailing consonant: three code points a syllable) composes to one
    /// syllable each; the URL's length is judged as composed, so a 40-syllable tag typed decomposed (120 jamo) names its page.
    /// </summary>
    [Fact]
    public void A_hangul_hashtag_typed_as_jamo_is_measured_as_its_composed_syllables()
    {
        var jamo = string.Concat(Enumerable.Repeat("\u1112\u1161\u11AB", 40)); // 한 × 40, decomposed: 120 code points
        Assert.Equal(jamo, CaptionText.NormalizeHashtag(jamo));
        Assert.Equal("\uD55C" + jamo, CaptionText.NormalizeHashtag("\uD55C" + jamo)); // a precomposed 한 first: 41 syllables
        var leadingAndVowel = string.Concat(Enumerable.Repeat("\u1112\u1161", 100)); // 하 × 100 as L V pairs
        Assert.Equal(leadingAndVowel, CaptionText.NormalizeHashtag(leadingAndVowel));
        Assert.Null(CaptionText.NormalizeHashtag(leadingAndVowel + "\u1112\u1161")); // 101 syllables
        Assert.Null(CaptionText.NormalizeHashtag(string.Concat(Enumerable.Repeat("\u1112", 101)))); // lone leading jamo do not compose
    }

    [Fact]
    public void A_hashtag_of_more_than_100_code_points_is_text_whatever_its_plane()
    {
        Assert.Equal([string.Concat(Enumerable.Repeat(Gothic[..2], 100))],
            CaptionText.Parse("#" + string.Concat(Enumerable.Repeat(Gothic[..2], 100))).Hashtags);
        Assert.Empty(CaptionText.Parse("#" + string.Concat(Enumerable.Repeat(Gothic[..2], 101))).Hashtags);
    }
}
