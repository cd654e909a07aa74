using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;

namespace Fowergram.Tests.Platform.Media;

public sealed class MagicNumbersTests
{
    public static TheoryData<string, byte[]> Genuine => new()
    {
        { "image/jpeg", MediaSamples.Jpeg() },
        { "image/png", MediaSamples.Png() },
        { "image/webp", MediaSamples.WebP() },
        { "image/heic", MediaSamples.Heic() },
        { "image/heic", MediaSamples.Ftyp("mif1", "mif1", "heic") },
        { "image/heic", MediaSamples.Ftyp("heix", "mif1", "heix") },
        { "video/mp4", MediaSamples.Mp4() },
        { "video/mp4", MediaSamples.Ftyp("mp42", "mp42", "isom") },
        { "video/mp4", MediaSamples.Ftyp("M4V ", "M4V ", "mp42") },
        { "video/quicktime", MediaSamples.QuickTime() },
        { "audio/mp4", MediaSamples.M4a() },
        { "audio/mp4", MediaSamples.Ftyp("mp42", "mp42", "isom", "M4A ") },
    };

    public static TheoryData<string, byte[]> Impostors => new()
    {
        { "image/jpeg", MediaSamples.Png() },
        { "image/jpeg", [0xFF, 0xD8] },
        { "image/jpeg", [] },
        { "image/png", MediaSamples.Jpeg() },
        { "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A] },
        { "image/webp", MediaSamples.Pad([.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8], 64) },
        { "image/heic", MediaSamples.Ftyp("avif", "mif1", "avif") },
        { "image/heic", MediaSamples.Ftyp("mif1", "mif1", "avif") },
        { "image/heic", MediaSamples.Mp4() },
        { "video/mp4", MediaSamples.QuickTime() },
        { "video/mp4", MediaSamples.Heic() },
        { "video/mp4", MediaSamples.Pad([0, 0, 0, 8, .. "ftypisom"u8], 64) },
        { "video/mp4", MediaSamples.Pad([0, 0, 0x7F, 0xFF, .. "ftypisom"u8], 64) },
        { "video/quicktime", MediaSamples.Mp4() },
        { "video/quicktime", MediaSamples.Script() },
        { "image/gif", MediaSamples.Pad("GIF89a"u8.ToArray(), 64) },
        { "audio/mp4", MediaSamples.QuickTime() },
        { "audio/mp4", MediaSamples.Heic() },
        { "audio/mp4", MediaSamples.Pad("ID3\u0003"u8.ToArray(), 64) },
    };

    [Theory]
    [MemberData(nameof(Genuine))]
    public void Genuine_files_match_their_type(string contentType, byte[] bytes) =>
        Assert.True(MagicNumbers.Matches(contentType, bytes.AsSpan(0, Math.Min(bytes.Length, MagicNumbers.HeadLength))));

    [Theory]
    [MemberData(nameof(Impostors))]
    public void Other_bytes_do_not_match(string contentType, byte[] bytes) =>
        Assert.False(MagicNumbers.Matches(contentType, bytes.AsSpan(0, Math.Min(bytes.Length, MagicNumbers.HeadLength))));

    [Fact]
    public void Every_allowed_content_type_has_a_signature() =>
        Assert.All(MediaPolicy.ContentTypes.Keys, type => Assert.Contains(Genuine, row => (string)row[0] == type));
}
