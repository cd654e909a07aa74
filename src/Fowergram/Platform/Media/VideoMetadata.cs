using System.Buffers.Binary;
using System.Text;

namespace Fowergram.Platform.Media;

/// <summary>
/// Where an MP4 or QuickTime movie says it was recorded, and the bytes that say nothing instead. Phones write the place
/// into the movie box: Android's <c>udta/©xyz</c> (an ISO 6709 string), 3GPP's <c>udta/loci</c>, Apple's QuickTime metadata
/// (<c>meta</c> with <c>keys</c> <c>com.apple.quicktime.location.*</c> and their <c>ilst</c> values), and editors an XMP
/// packet in <c>udta/XMP_</c> or in a <c>uuid</c> box (<see cref="XmpUuid"/>), at the top level of the file as often as
/// not. A fragmented recording may say it again in each movie fragment: recent editions of ISO/IEC 14496-12 allow
/// <c>udta</c> and <c>meta</c> in <c>moof</c> and <c>traf</c> as in <c>moov</c> and <c>trak</c>. Each such box becomes a
/// <c>free</c> box of the same size, its content zeroed, so no offset in the file moves (the sample tables point into
/// <c>mdat</c> by absolute offset) and a video is never rewritten whole: the change is a few short runs of bytes, written
/// in place (<see cref="IMediaStore.OverwriteAsync"/>).
/// </summary>
public static class VideoMetadata
{
    /// <summary>
    /// Blanked boxes closer than this share one run (carrying the bytes between them unchanged): few runs for the Blob
    /// store to stage, and no run drags a track's sample tables along. A 64 MB box yields at most about a thousand runs.
    /// </summary>
    public const int RunGap = 64 * 1024;

    /// <summary>Apple's QuickTime metadata keys for the place: ISO6709, name, body, note, role, date, accuracy.horizontal.</summary>
    private const string LocationKeyPrefix = "com.apple.quicktime.location.";

    private static readonly byte[] Xyz = [0xA9, (byte)'x', (byte)'y', (byte)'z'];

    /// <summary>User data boxes that hold a place: Android's ISO 6709 string, 3GPP's location, an XMP packet.</summary>
    private static readonly byte[][] LocationBoxes = [Xyz, "loci"u8.ToArray(), "XMP_"u8.ToArray()];

    /// <summary>The extended type of a <c>uuid</c> box that holds an XMP packet (Adobe, XMP Specification Part 3): BE7ACFCB-97A9-42E8-9C71-999491E3AFAC.</summary>
    public static ReadOnlySpan<byte> XmpUuid => [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    /// <summary>
    /// The runs of bytes, in offset order, that blank every location box in <paramref name="container"/>: the content of
    /// the movie box or of a movie fragment box, which starts at <paramref name="offset"/> in the file. None when it names
    /// no place.
    /// </summary>
    public static IReadOnlyList<BytePatch> LocationPatches(byte[] container, long offset)
    {
        try
        {
            var blanked = new List<Box>();
            foreach (var box in Children(container, 0, container.Length))
            {
                if (Is(container, box, "trak") || Is(container, box, "traf"))
                    foreach (var inner in Children(container, box.Content, box.End)) blanked.AddRange(Located(container, inner));
                else blanked.AddRange(Located(container, box));
            }
            return Runs(container, offset, blanked);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            // Every read above is bounds-checked; this is the last guard, since a throw would make the claim answer 500.
            return [];
        }
    }

    /// <summary>
    /// The run that blanks a whole top-level XMP box of <paramref name="length"/> bytes at <paramref name="start"/> without
    /// reading it (all of a packet goes, as with <c>udta/XMP_</c>): from its type on, <c>free</c> and zeros. The size field
    /// stays; a 64-bit size (<paramref name="largeSize"/>) is written again as it was, since it sits after the type.
    /// </summary>
    public static BytePatch BlankedBox(long start, int length, bool largeSize)
    {
        var bytes = new byte[length - 4];
        "free"u8.CopyTo(bytes);
        if (largeSize) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4), (ulong)length);
        return new BytePatch(start + 4, bytes);
    }

    /// <summary>A box: where its header starts, where its content starts, where it ends.</summary>
    private readonly record struct Box(int Start, int Content, int End);

    private static bool Is(byte[] bytes, Box box, string type) => bytes.AsSpan(box.Start + 4, 4).SequenceEqual(Encoding.ASCII.GetBytes(type));

    private static bool IsXmp(byte[] bytes, Box box) =>
        Is(bytes, box, "uuid") && box.Content + 16 <= box.End && bytes.AsSpan(box.Content, 16).SequenceEqual(XmpUuid);

    /// <summary>The boxes in [from, to), stopping at the first whose size does not fit (nothing after it can be read).</summary>
    private static IEnumerable<Box> Children(byte[] bytes, int from, int to)
    {
        for (var at = from; at + 8 <= to;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            var header = 8;
            if (size == 1)
            {
                if (at + 16 > to) yield break;
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at + 8)), int.MaxValue);
                header = 16;
            }
            else if (size == 0) size = to - at;
            if (size < header || at + size > to) yield break;
            yield return new Box(at, at + header, at + (int)size);
            at += (int)size;
        }
    }

    /// <summary>What a box of a movie, a track or one of their fragments says of the place.</summary>
    private static IEnumerable<Box> Located(byte[] bytes, Box box)
    {
        if (Is(bytes, box, "udta")) return UserData(bytes, box);
        if (Is(bytes, box, "meta")) return Metadata(bytes, box);
        return IsXmp(bytes, box) ? [box] : [];
    }

    /// <summary><c>udta</c>: its location boxes and XMP packets, and the location items of a <c>meta</c> inside it.</summary>
    private static IEnumerable<Box> UserData(byte[] bytes, Box udta)
    {
        foreach (var box in Children(bytes, udta.Content, udta.End))
        {
            if (LocationBoxes.Any(type => bytes.AsSpan(box.Start + 4, 4).SequenceEqual(type)) || IsXmp(bytes, box)) yield return box;
            else if (Is(bytes, box, "meta")) foreach (var item in Metadata(bytes, box)) yield return item;
        }
    }

    /// <summary>
    /// A <c>meta</c> box's <c>ilst</c> items that hold a place: the iTunes-style <c>©xyz</c>, and under QuickTime metadata
    /// each item whose key starts <see cref="LocationKeyPrefix"/> (an item's type is the index of its key in <c>keys</c>).
    /// The key names stay: they say nothing.
    /// </summary>
    private static IEnumerable<Box> Metadata(byte[] bytes, Box meta)
    {
        var children = Children(bytes, MetaChildren(bytes, meta), meta.End).ToList();
        if (children.FirstOrDefault(b => Is(bytes, b, "ilst")) is not { End: > 0 } ilst) yield break;
        var located = children.FirstOrDefault(b => Is(bytes, b, "keys")) is { End: > 0 } keys ? LocatedKeys(bytes, keys) : [];
        foreach (var item in Children(bytes, ilst.Content, ilst.End))
            if (bytes.AsSpan(item.Start + 4, 4).SequenceEqual(Xyz) || located.Contains(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(item.Start + 4))))
                yield return item;
    }

    /// <summary>The indexes of the location keys in a <c>keys</c> box (entry i is key i + 1).</summary>
    private static HashSet<uint> LocatedKeys(byte[] bytes, Box keys)
    {
        var located = new HashSet<uint>();
        if (keys.Content + 8 > keys.End) return located;
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(keys.Content + 4)); // after version and flags
        var at = keys.Content + 8;
        for (uint index = 1; index <= count && at + 8 <= keys.End; index++)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (size < 8 || size > keys.End - at) break;
            var name = Encoding.UTF8.GetString(bytes, at + 8, size - 8); // after the size and the namespace ("mdta")
            if (name.StartsWith(LocationKeyPrefix, StringComparison.Ordinal)) located.Add(index);
            at += size;
        }
        return located;
    }

    /// <summary>
    /// Where a <c>meta</c> box's children start: QuickTime's is a plain box (its <c>hdlr</c> comes at once), ISO's a full box
    /// (four bytes of version and flags first).
    /// </summary>
    private static int MetaChildren(byte[] bytes, Box meta) =>
        meta.Content + 8 <= meta.End && bytes.AsSpan(meta.Content + 4, 4).SequenceEqual("hdlr"u8) ? meta.Content : meta.Content + 4;

    /// <summary>
    /// The blanked boxes as runs: each box's type becomes <c>free</c> and its content zeros (its header's size stays), and
    /// boxes less than <see cref="RunGap"/> apart share a run.
    /// </summary>
    private static List<BytePatch> Runs(byte[] bytes, long offset, List<Box> blanked)
    {
        blanked.Sort((a, b) => a.Start.CompareTo(b.Start));
        var runs = new List<BytePatch>();
        for (var first = 0; first < blanked.Count;)
        {
            var (from, to, next) = (blanked[first].Start, blanked[first].End, first + 1);
            for (; next < blanked.Count && blanked[next].Start - to <= RunGap; next++) to = Math.Max(to, blanked[next].End);
            var run = bytes.AsSpan(from, to - from).ToArray();
            var covered = from;
            foreach (var box in blanked.Skip(first).Take(next - first))
            {
                if (box.End <= covered) continue; // inside a box blanked already: nothing of it is left to say
                "free"u8.CopyTo(run.AsSpan(box.Start - from + 4));
                run.AsSpan(box.Content - from, box.End - box.Content).Clear();
                covered = box.End;
            }
            runs.Add(new BytePatch(offset + from, run));
            first = next;
        }
        return runs;
    }
}
