using System.Buffers.Binary;
using System.Text;

namespace Fowergram.Platform.Media;

/// <summary>
/// HEIC (HEIF) keeps EXIF — with an iPhone's GPS position — and XMP as items of the top-level <c>meta</c> box, located by
/// <c>iloc</c> in the file (usually inside <c>mdat</c>) or in <c>idat</c>. Removing them would shift every offset
/// <c>iloc</c> holds, so their bytes are zeroed in place instead: the file keeps its size and structure, and a reader
/// finds an EXIF item that says nothing. HEIF's orientation lives in the <c>irot</c>/<c>imir</c> properties, not in EXIF,
/// so nothing that shows the picture is lost. Boxes are read per ISO/IEC 14496-12 (<c>meta</c>, <c>iinf</c>/<c>infe</c>
/// versions 0–3, <c>iloc</c> versions 0–2); a structure it cannot read whole is left alone.
/// </summary>
internal static class HeifMetadata
{
    /// <summary>The file with its EXIF and XMP items zeroed, or null when it has none (or cannot be read).</summary>
    public static byte[]? Zero(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (FindBox(bytes, 0, bytes.Length, "meta") is not { } meta) return null;
            var children = meta.Start + 4; // FullBox: version and flags
            if (FindBox(bytes, children, meta.End, "iinf") is not { } iinf || FindBox(bytes, children, meta.End, "iloc") is not { } iloc)
                return null;
            var hidden = MetadataItems(bytes, iinf.Start, iinf.End);
            if (hidden.Count == 0) return null;
            var idat = FindBox(bytes, children, meta.End, "idat");
            var ranges = Extents(bytes, iloc.Start, iloc.End, hidden, idat);
            if (ranges is null || ranges.Count == 0) return null;
            var output = bytes.ToArray();
            foreach (var (offset, length) in ranges) output.AsSpan((int)offset, (int)length).Clear();
            return output.AsSpan().SequenceEqual(bytes) ? null : output;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null; // a box or field runs past its parent: not a structure to rewrite
        }
    }

    /// <summary>The content (start, end) of the first box of this type among the boxes in [from, to).</summary>
    internal static (int Start, int End)? FindBox(ReadOnlySpan<byte> bytes, int from, int to, string type)
    {
        var wanted = Encoding.ASCII.GetBytes(type);
        for (var at = from; at + 8 <= to;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
            var header = 8;
            if (size == 1) { size = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[(at + 8)..]); header = 16; }
            else if (size == 0) size = to - at;
            // Against what is left, not at + size: a 64-bit size near long.MaxValue wraps that sum negative, and the
            // (int) step below would then send the walk back to an earlier box, forever.
            if (size < header || size > to - at) return null;
            if (bytes.Slice(at + 4, 4).SequenceEqual(wanted)) return (at + header, at + (int)size);
            at += (int)size;
        }
        return null;
    }

    /// <summary>The ids of the EXIF items and of the XMP ones (mime items of type application/rdf+xml).</summary>
    private static HashSet<uint> MetadataItems(ReadOnlySpan<byte> bytes, int start, int end) =>
        Items(bytes, start, end).Where(item => item.Value is "Exif" or "mime application/rdf+xml").Select(item => item.Key).ToHashSet();

    /// <summary>
    /// Each item's id and type, read from the <c>infe</c> boxes (versions 2 and 3) in <c>iinf</c>'s content [start, end); a
    /// mime item's type is followed by its content type ("mime application/rdf+xml").
    /// </summary>
    internal static Dictionary<uint, string> Items(ReadOnlySpan<byte> bytes, int start, int end)
    {
        var items = new Dictionary<uint, string>();
        var version = bytes[start];
        var at = start + 4 + (version == 0 ? 2 : 4); // FullBox header, entry_count
        while (FindBox(bytes, at, end, "infe") is { } infe)
        {
            var infeVersion = bytes[infe.Start];
            var p = infe.Start + 4;
            if (infeVersion >= 2)
            {
                var id = infeVersion == 2 ? BinaryPrimitives.ReadUInt16BigEndian(bytes[p..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[p..]);
                p += (infeVersion == 2 ? 2 : 4) + 2; // id, protection index
                var type = Encoding.ASCII.GetString(bytes.Slice(p, 4));
                p += 4;
                items[id] = type == "mime" ? $"mime {ContentType(bytes[p..infe.End])}" : type;
            }
            at = infe.End;
        }
        return items;
    }

    /// <summary>The second null-terminated string (item_name, then content_type).</summary>
    private static string ContentType(ReadOnlySpan<byte> strings)
    {
        var name = strings.IndexOf((byte)0);
        if (name < 0) return "";
        var rest = strings[(name + 1)..];
        var end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>
    /// File ranges of the given items' extents: construction method 0 (file offsets) and 1 (offsets into idat). Null when
    /// an item of theirs uses another method or an extent runs past the file: such a file is left alone. The ids of the
    /// items that have at least one range are added to <paramref name="located"/>.
    /// </summary>
    internal static List<(long Offset, long Length)>? Extents(ReadOnlySpan<byte> bytes, int start, int end, HashSet<uint> wanted,
        (int Start, int End)? idat, HashSet<uint>? located = null)
    {
        var version = bytes[start];
        var p = start + 4;
        var offsetSize = bytes[p] >> 4;
        var lengthSize = bytes[p] & 0x0F;
        var baseOffsetSize = bytes[p + 1] >> 4;
        var indexSize = version is 1 or 2 ? bytes[p + 1] & 0x0F : 0;
        if (!FieldSize(offsetSize) || !FieldSize(lengthSize) || !FieldSize(baseOffsetSize) || !FieldSize(indexSize)) return null;
        var extentSize = indexSize + offsetSize + lengthSize;
        p += 2;
        uint count;
        if (version < 2) { count = BinaryPrimitives.ReadUInt16BigEndian(bytes[p..]); p += 2; }
        else { count = BinaryPrimitives.ReadUInt32BigEndian(bytes[p..]); p += 4; }
        var ranges = new List<(long, long)>();
        for (var i = 0; i < count; i++)
        {
            uint id;
            if (version < 2) { id = BinaryPrimitives.ReadUInt16BigEndian(bytes[p..]); p += 2; }
            else { id = BinaryPrimitives.ReadUInt32BigEndian(bytes[p..]); p += 4; }
            var method = 0;
            if (version is 1 or 2) { method = BinaryPrimitives.ReadUInt16BigEndian(bytes[p..]) & 0x0F; p += 2; }
            p += 2; // data_reference_index
            var baseOffset = Read(bytes, ref p, baseOffsetSize);
            var extents = BinaryPrimitives.ReadUInt16BigEndian(bytes[p..]);
            p += 2;
            if (!wanted.Contains(id))
            {
                // Stepped over, not walked: with fields of size 0, 65,535 extents take no bytes, and walking them item
                // after item cost a small crafted file minutes of CPU.
                p += extents * extentSize;
                continue;
            }
            for (var e = 0; e < extents; e++)
            {
                Read(bytes, ref p, indexSize);
                var offset = baseOffset + Read(bytes, ref p, offsetSize);
                var length = Read(bytes, ref p, lengthSize);
                long limit = bytes.Length;
                if (method == 1)
                {
                    if (idat is not { } box) return null;
                    offset += box.Start;
                    limit = box.End;
                }
                else if (method != 0) return null;
                if (length <= 0 || offset < 0 || offset + length > limit) return null;
                ranges.Add((offset, length));
                located?.Add(id);
            }
        }
        return p <= end ? ranges : null;
    }

    /// <summary>iloc's offset, length, base offset and index fields are 0, 4 or 8 bytes long.</summary>
    private static bool FieldSize(int size) => size is 0 or 4 or 8;

    private static long Read(ReadOnlySpan<byte> bytes, ref int p, int size)
    {
        long value = size switch
        {
            0 => 0,
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes[p..]),
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[p..]),
            _ => throw new ArgumentOutOfRangeException(nameof(size), "iloc field sizes are 0, 4 or 8."),
        };
        p += size;
        return value;
    }
}
