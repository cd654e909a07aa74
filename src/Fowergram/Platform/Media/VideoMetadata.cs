using System.Buffers.Binary;
using System.Text;

namespace Fowergram.Platform.Media;

/// <summary>
/// Where an MP4 or QuickTime movie says it was recorded, and the bytes that say nothing instead. Phones write the place
/// into the movie box: Android's <c>udta/©xyz</c> (an ISO 6709 string), 3GPP's <c>udta/loci</c>, Apple's QuickTime metadata
/// (<c>meta</c> with <c>keys</c> <c>com.apple.quicktime.location.*</c> and their <c>ilst</c> values), and editors an XMP
/// packet in <c>udta/XMP_</c>. Each such box becomes a <c>free</c> box of the same size, its content zeroed, so no offset in
/// the file moves (the sample tables point into <c>mdat</c> by absolute offset) and a video is never rewritten whole: the
/// change is one run of bytes inside the movie box, written in place (<see cref="IMediaStore.OverwriteAsync"/>).
/// </summary>
public static class VideoMetadata
{
    /// <summary>Apple's QuickTime metadata keys for the place: ISO6709, name, body, note, role, date, accuracy.horizontal.</summary>
    private const string LocationKeyPrefix = "com.apple.quicktime.location.";

    /// <summary>User data boxes that hold a place: Android's ISO 6709 string, 3GPP's location, an XMP packet.</summary>
    private static readonly byte[][] LocationBoxes = [[0xA9, (byte)'x', (byte)'y', (byte)'z'], "loci"u8.ToArray(), "XMP_"u8.ToArray()];

    /// <summary>
    /// The run of bytes that blanks every location box in the movie box's content <paramref name="movie"/> (which starts at
    /// <paramref name="movieOffset"/> in the file), or null when the movie names no place. The run spans from the first
    /// blanked box to the last and carries the bytes between them unchanged.
    /// </summary>
    public static BytePatch? LocationPatch(byte[] movie, long movieOffset)
    {
        try
        {
            var blanked = new List<(int Start, int End)>();
            foreach (var box in Children(movie, 0, movie.Length))
            {
                if (Is(movie, box, "udta")) blanked.AddRange(UserData(movie, box));
                else if (Is(movie, box, "meta")) blanked.AddRange(QuickTimeMetadata(movie, box));
                else if (Is(movie, box, "trak"))
                    foreach (var inner in Children(movie, box.Content, box.End))
                        if (Is(movie, inner, "udta")) blanked.AddRange(UserData(movie, inner));
            }
            if (blanked.Count == 0) return null;
            var from = blanked.Min(b => b.Start);
            var to = blanked.Max(b => b.End);
            var bytes = movie.AsSpan(from, to - from).ToArray();
            foreach (var (start, end) in blanked)
            {
                "free"u8.CopyTo(bytes.AsSpan(start - from + 4));
                bytes.AsSpan(start - from + HeaderLength(movie, start), end - start - HeaderLength(movie, start)).Clear();
            }
            return new BytePatch(movieOffset + from, bytes);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null; // VideoStructure accepted the movie, so only its user data is malformed: nothing there we could read
        }
    }

    /// <summary>A box: where its header starts, where its content starts, where it ends.</summary>
    private readonly record struct Box(int Start, int Content, int End);

    private static bool Is(byte[] bytes, Box box, string type) => bytes.AsSpan(box.Start + 4, 4).SequenceEqual(Encoding.ASCII.GetBytes(type));

    private static int HeaderLength(byte[] bytes, int start) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(start)) == 1 ? 16 : 8;

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

    /// <summary><c>udta</c>: its location boxes, and the <c>©xyz</c> item of an iTunes-style <c>meta/ilst</c> inside it.</summary>
    private static IEnumerable<(int, int)> UserData(byte[] bytes, Box udta)
    {
        foreach (var box in Children(bytes, udta.Content, udta.End))
        {
            if (LocationBoxes.Any(type => bytes.AsSpan(box.Start + 4, 4).SequenceEqual(type))) yield return (box.Start, box.End);
            else if (Is(bytes, box, "meta") && Children(bytes, MetaChildren(bytes, box), box.End).FirstOrDefault(b => Is(bytes, b, "ilst")) is { End: > 0 } ilst)
                foreach (var item in Children(bytes, ilst.Content, ilst.End))
                    if (bytes.AsSpan(item.Start + 4, 4).SequenceEqual(LocationBoxes[0])) yield return (item.Start, item.End);
        }
    }

    /// <summary>
    /// QuickTime metadata (<c>moov/meta</c>): <c>keys</c> lists the keys (entry i is key i + 1), and each <c>ilst</c> item's
    /// type is the index of its key. The items of the location keys are blanked; the key names stay (they say nothing).
    /// </summary>
    private static IEnumerable<(int, int)> QuickTimeMetadata(byte[] bytes, Box meta)
    {
        var children = Children(bytes, MetaChildren(bytes, meta), meta.End).ToList();
        if (children.FirstOrDefault(b => Is(bytes, b, "keys")) is not { End: > 0 } keys ||
            children.FirstOrDefault(b => Is(bytes, b, "ilst")) is not { End: > 0 } ilst)
            yield break;
        var located = new HashSet<uint>();
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(keys.Content + 4)); // after version and flags
        var at = keys.Content + 8;
        for (uint index = 1; index <= count && at + 8 <= keys.End; index++)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (size < 8 || at + size > keys.End) break;
            var name = Encoding.UTF8.GetString(bytes, at + 8, size - 8); // after the size and the namespace ("mdta")
            if (name.StartsWith(LocationKeyPrefix, StringComparison.Ordinal)) located.Add(index);
            at += size;
        }
        foreach (var item in Children(bytes, ilst.Content, ilst.End))
            if (located.Contains(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(item.Start + 4)))) yield return (item.Start, item.End);
    }

    /// <summary>
    /// Where a <c>meta</c> box's children start: QuickTime's is a plain box (its <c>hdlr</c> comes at once), ISO's a full box
    /// (four bytes of version and flags first).
    /// </summary>
    private static int MetaChildren(byte[] bytes, Box meta) =>
        meta.Content + 8 <= meta.End && bytes.AsSpan(meta.Content + 4, 4).SequenceEqual("hdlr"u8) ? meta.Content : meta.Content + 4;
}
