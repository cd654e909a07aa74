namespace Fowergram.Platform.Http;

/// <summary>
/// The length of a text as PostgreSQL counts it (char_length: code points), which is what every table's CHECK and every
/// "at most N characters" in the docs mean: an emoji is one character, where string.Length counts its two UTF-16 units
/// (so limits counted with it refused text the tables take).
/// </summary>
public static class TextLength
{
    public static int Of(string text) => text.EnumerateRunes().Count();
}
