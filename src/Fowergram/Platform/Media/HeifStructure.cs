using System.Buffers.Binary;

namespace Fowergram.Platform.Media;

/// <summary>
/// What can be checked of a HEIC without an HEVC decoder (Skia has none on Linux): that its container describes a
/// picture a viewer can find. The <c>meta</c> box must say it holds pictures (<c>hdlr</c> "pict"), name a primary item
/// (<c>pitm</c>) that <c>iinf</c> lists as an HEVC picture or a derived one (a grid of tiles, as iPhones write), locate
/// every HEVC item's data inside the file (<c>iloc</c>), and carry the HEVC decoder configuration (<c>hvcC</c>) and the
/// picture's size (<c>ispe</c>), which is capped like a decoded one. The HEVC bitstream itself is not decoded.
/// </summary>
internal static class HeifStructure
{
    private static readonly HashSet<string> PrimaryTypes = ["hvc1", "grid", "iovl", "iden"];

    /// <summary>
    /// Why the file is refused (null when its structure holds) and the picture's size as shown: the largest <c>ispe</c> (a
    /// grid's is the whole picture, its tiles' are smaller), turned when an <c>irot</c> says a quarter or three.
    /// </summary>
    public static (string? Problem, MediaFacts Facts) Check(byte[] bytes, long maxPixels)
    {
        try
        {
            var facts = MediaFacts.Unknown;
            var problem = Structure(bytes, maxPixels, ref facts);
            return (problem, problem is null ? facts : MediaFacts.Unknown);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return ("its HEIF boxes run past their ends", MediaFacts.Unknown);
        }
    }

    private static string? Structure(ReadOnlySpan<byte> bytes, long maxPixels, ref MediaFacts facts)
    {
        if (HeifMetadata.FindBox(bytes, 0, bytes.Length, "meta") is not { } meta) return "it has no HEIF meta box";
        var children = meta.Start + 4; // FullBox: version and flags
        if (HeifMetadata.FindBox(bytes, children, meta.End, "hdlr") is not { } hdlr || !bytes.Slice(hdlr.Start + 8, 4).SequenceEqual("pict"u8))
            return "its HEIF meta box does not hold pictures";
        if (HeifMetadata.FindBox(bytes, children, meta.End, "pitm") is not { } pitm) return "it names no primary picture";
        var primary = bytes[pitm.Start] == 0 ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(pitm.Start + 4)..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[(pitm.Start + 4)..]);
        if (HeifMetadata.FindBox(bytes, children, meta.End, "iinf") is not { } iinf || HeifMetadata.FindBox(bytes, children, meta.End, "iloc") is not { } iloc)
            return "it lists no items or no item locations";
        var items = HeifMetadata.Items(bytes, iinf.Start, iinf.End);
        if (!items.TryGetValue(primary, out var type)) return "its primary picture is not among its items";
        if (!PrimaryTypes.Contains(type)) return $"its primary picture is of type '{type}', not HEVC";

        var hevc = items.Where(item => item.Value == "hvc1").Select(item => item.Key).ToHashSet();
        if (hevc.Count == 0) return "it holds no HEVC picture";
        var idat = HeifMetadata.FindBox(bytes, children, meta.End, "idat");
        // One walk for all of them: a walk per picture costs pictures × items, minutes for a crafted file.
        var located = new HashSet<uint>();
        if (HeifMetadata.Extents(bytes, iloc.Start, iloc.End, hevc, idat, located) is null || !hevc.IsSubsetOf(located))
            return "a picture's data is missing or lies outside the file";

        if (HeifMetadata.FindBox(bytes, children, meta.End, "iprp") is not { } iprp
            || HeifMetadata.FindBox(bytes, iprp.Start, iprp.End, "ipco") is not { } ipco)
            return "it has no item properties";
        if (HeifMetadata.FindBox(bytes, ipco.Start, ipco.End, "hvcC") is null) return "it has no HEVC decoder configuration";
        if (SizeProblem(bytes, ipco, maxPixels, out var width, out var height) is { } problem) return problem;
        var turned = HeifMetadata.FindBox(bytes, ipco.Start, ipco.End, "irot") is { } irot && irot.End > irot.Start && (bytes[irot.Start] & 1) == 1;
        facts = MediaFacts.Picture(width, height, turned);
        return null;
    }

    /// <summary>Every <c>ispe</c> (FullBox, then width and height) is within the cap; the largest is the whole picture.</summary>
    private static string? SizeProblem(ReadOnlySpan<byte> bytes, (int Start, int End) ipco, long maxPixels, out long largestWidth, out long largestHeight)
    {
        (largestWidth, largestHeight) = (0, 0);
        var found = false;
        for (var at = ipco.Start; HeifMetadata.FindBox(bytes, at, ipco.End, "ispe") is { } ispe; at = ispe.End)
        {
            found = true;
            long width = BinaryPrimitives.ReadUInt32BigEndian(bytes[(ispe.Start + 4)..]);
            long height = BinaryPrimitives.ReadUInt32BigEndian(bytes[(ispe.Start + 8)..]);
            if (width == 0 || height == 0) return "it declares a picture with no pixels";
            if (width * height > maxPixels) return $"its {width}×{height} pixels are more than the {maxPixels:N0} allowed";
            if (width * height > largestWidth * largestHeight) (largestWidth, largestHeight) = (width, height);
        }
        return found ? null : "it declares no picture size";
    }
}
