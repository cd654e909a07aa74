using Fowergram.Platform.Content;

namespace Fowergram.Tests.Platform.Content;

/// <summary>How a comment's text meets an account's hidden words (migration 0106): case and white space do not matter, words match whole.</summary>
public sealed class HiddenWordsTests
{
    [Theory]
    [InlineData("  Spoiler  ALERT ", "spoiler alert")]
    [InlineData("🍑", "🍑")]
    [InlineData("Ünïcode", "ünïcode")]
    public void Normalize_trims_collapses_white_space_and_lower_cases(string raw, string stored) =>
        Assert.Equal(stored, HiddenWords.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0007word")]
    public void Normalize_refuses_what_cannot_be_a_word(string raw) => Assert.Null(HiddenWords.Normalize(raw));

    [Fact]
    public void Normalize_refuses_a_word_past_the_limit() => Assert.Null(HiddenWords.Normalize(new string('a', HiddenWords.MaxLength + 1)));

    [Theory]
    [InlineData("SPOILER: he dies", "spoiler", true)]
    [InlineData("no spoiler!", "spoiler", true)]
    [InlineData("spoilers ahead", "spoiler", false)]
    [InlineData("a classic", "ass", false)]
    [InlineData("what an ass.", "ass", true)]
    [InlineData("go\n\n   AWAY now", "go away", true)]
    [InlineData("go far away", "go away", false)]
    [InlineData("nice 🍑🍑", "🍑", true)]
    [InlineData("#spoiler", "spoiler", true)]
    [InlineData("spoiler_free", "spoiler", false)]
    [InlineData("", "spoiler", false)]
    public void A_text_has_a_hidden_word_only_as_a_whole_word_unless_the_word_is_not_one(string text, string word, bool expected) =>
        Assert.Equal(expected, HiddenWords.AnyIn(text, [word]));

    /// <summary>
    /// Letters beyond the Basic Multilingual Plane (mathematical bold 𝐀 U+1D400, CJK Extension B 𠀀 U+20000) are two UTF-16 units
    /// each; judged unit by unit, neither half was a letter, so they ended words: "ass" was found in "𝐀ass" and a hidden "𠀀"
    /// in the middle of "𠀀𠀁".
    /// </summary>
    [Theory]
    [InlineData("\U0001D400ass", "ass", false)]
    [InlineData("ass\U0001D400", "ass", false)]
    [InlineData("what an ass \U0001D400", "ass", true)]
    [InlineData("\U0001D400\U0001D401\U0001D402", "\U0001D401", false)]
    [InlineData("say \U0001D401 now", "\U0001D401", true)]
    [InlineData("\U00020000\U00020001", "\U00020000", false)]
    [InlineData("\U00020000 \U00020001", "\U00020000", true)]
    public void Letters_beyond_the_basic_plane_are_part_of_words_not_their_boundaries(string text, string word, bool expected) =>
        Assert.Equal(expected, HiddenWords.AnyIn(text, [word]));
}
