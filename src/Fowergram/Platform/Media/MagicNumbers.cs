using System.Buffers.Binary;
using System.Text;

namespace Fowergram.Platform.Media;

/// <summary>
/// Checks that an object's first bytes are what its declared content type promises. This is a format
/// check, not a decode: it stops a script, an HTML page or an archive posing as a photo, and a video
/// posing as an image (so it escapes the image size limit), before anything points at the object.
/// </summary>
public static class MagicNumbers
{
    /// <summary>Enough for the longest signature: an ISO-BMFF ftyp box with a dozen compatible brands.</summary>
    public const int HeadLength = 64;

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    internal static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly HashSet<string> HeifBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"];
    private static readonly HashSet<string> HeifStructuralBrands = ["mif1", "msf1"];
    private static readonly HashSet<string> Mp4Brands =
    [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71",
        "avc1", "M4V ", "M4VH", "M4VP", "f4v ", "dash", "mmp4", "MSNV", "3gp4", "3gp5", "3gp6",
    ];
    private static readonly HashSet<string> QuickTimeBrands = ["qt  "];

    /// <summary>MPEG-4 audio (M4A, M4B) and the generic brands voice recorders also write; VideoStructure then requires a sound track and no picture.</summary>
    private static readonly HashSet<string> AudioBrands = ["M4A ", "M4B ", "mp42", "mp41", "isom", "iso2", "3gp4", "3gp5", "3gp6"];

    public static bool Matches(string contentType, ReadOnlySpan<byte> head) => contentType switch
    {
        "image/jpeg" => head.StartsWith(Jpeg),
        "image/png" => head.StartsWith(PngSignature),
        "image/webp" => head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        "image/heic" => IsHeic(head),
        "video/mp4" => TryReadFtyp(head, out var major, out _) && Mp4Brands.Contains(major),
        "video/quicktime" => TryReadFtyp(head, out var major, out _) && QuickTimeBrands.Contains(major),
        "audio/mp4" => TryReadFtyp(head, out var major, out _) && AudioBrands.Contains(major),
        _ => false,
    };

    private static bool IsHeic(ReadOnlySpan<byte> head)
    {
        if (!TryReadFtyp(head, out var major, out var compatible)) return false;
        if (HeifBrands.Contains(major)) return true;
        // A structural major brand (mif1/msf1) is also used by AVIF and other HEIF codecs: require a HEVC brand too.
        return HeifStructuralBrands.Contains(major) && compatible.Any(HeifBrands.Contains);
    }

    /// <summary>Reads an ISO base media file's leading <c>ftyp</c> box: [size][ftyp][major][minor][compatible…].</summary>
    private static bool TryReadFtyp(ReadOnlySpan<byte> head, out string major, out List<string> compatible)
    {
        major = "";
        compatible = [];
        if (head.Length < 16 || !head[4..8].SequenceEqual("ftyp"u8)) return false;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size < 16 || size % 4 != 0 || size > 4096) return false;
        major = Encoding.Latin1.GetString(head[8..12]);
        var end = (int)Math.Min(size, (uint)head.Length);
        for (var offset = 16; offset + 4 <= end; offset += 4) compatible.Add(Encoding.Latin1.GetString(head[offset..(offset + 4)]));
        return true;
    }
}
