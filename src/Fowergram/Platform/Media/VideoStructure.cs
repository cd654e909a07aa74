using System.Buffers.Binary;

namespace Fowergram.Platform.Media;

/// <summary>
/// What can be checked of an uploaded MP4 or QuickTime file without decoding its streams (there is no video decoder in
/// the hosts): that it is one ISO base media file from its first byte to its last. Its top-level boxes must add up to
/// its size exactly, it must have one movie box (<c>moov</c>) and media data (<c>mdat</c>), and the movie must describe
/// at least one video track a player can open (<c>mvhd</c> with a timescale; per track <c>tkhd</c>, <c>mdia</c> with
/// <c>mdhd</c>, <c>hdlr</c> and <c>minf</c>/<c>stbl</c>). Videos are too large to read whole, so the walk reads box headers,
/// the movie box and the movie fragment boxes only: a handful of ranged reads for a file as phones write it, one more per
/// fragment for a fragmented one.
/// </summary>
public static class VideoStructure
{
    /// <summary>Phones write 3–6 top-level boxes; fragmented recordings write a pair per few seconds.</summary>
    public const int MaxTopLevelBoxes = 1024;

    /// <summary>The movie box of a two-hour video is a few MB (its sample tables); more is not a phone's video.</summary>
    public const int MaxMovieBoxBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The movie fragment boxes (<c>moof</c>) of a file, in all: each is read whole for the places it may name
    /// (<see cref="VideoMetadata"/>). A two-hour recording's are a few MB (their sample runs), as its movie box would be.
    /// </summary>
    public const int MaxFragmentBytes = 64 * 1024 * 1024;

    /// <summary>Top-level XMP packets, in all: each becomes a run of zeros the claim writes. An editor's packet is some KB.</summary>
    public const int MaxXmpBytes = 16 * 1024 * 1024;

    /// <summary>Up to <c>length</c> bytes of the object from <c>offset</c>, or null when the object is gone.</summary>
    public delegate Task<byte[]?> RangeReader(long offset, int length, CancellationToken ct);

    /// <summary>Why the file is refused, or null when its structure holds. Throws <see cref="FileNotFoundException"/> when it vanished while read.</summary>
    public static async Task<string?> ProblemAsync(long size, RangeReader read, CancellationToken ct) => (await CheckAsync(size, read, ct)).Problem;

    /// <summary>
    /// The refusal's reason (null when the structure holds) and, when it holds, the movie's duration (<c>mvhd</c>), its
    /// first video track's size as shown (<c>tkhd</c>, turned when its matrix turns it a quarter, as phones record portrait)
    /// and the runs of bytes, in offset order, that take out where it was recorded (<see cref="VideoMetadata"/>; none when it
    /// does not say).
    /// </summary>
    /// <param name="kind">Video (at least one video track) or Audio (a sound track and no video track: a voice message).</param>
    public static async Task<(string? Problem, MediaFacts Facts, IReadOnlyList<BytePatch> Location)> CheckAsync(long size, RangeReader read, CancellationToken ct,
        MediaKind kind = MediaKind.Video)
    {
        var walk = await WalkAsync(size, read, ct);
        if (walk.Movie is null) return (walk.Problem, MediaFacts.Unknown, []);
        var (refused, facts) = MovieCheck(walk.Movie, kind);
        return refused is null ? (null, facts, await LocationAsync(walk, read, ct)) : (refused, facts, []);
    }

    /// <summary>
    /// The places in the movie box, then in each movie fragment (read one at a time, only once the file is accepted), and
    /// each top-level XMP packet, blanked without being read.
    /// </summary>
    private static async Task<IReadOnlyList<BytePatch>> LocationAsync(Walk walk, RangeReader read, CancellationToken ct)
    {
        var patches = new List<BytePatch>(VideoMetadata.LocationPatches(walk.Movie!, walk.MovieOffset));
        foreach (var (offset, length) in walk.Fragments)
            patches.AddRange(VideoMetadata.LocationPatches(await ReadAsync(read, offset, length, ct), offset));
        patches.AddRange(walk.Packets.Select(packet => VideoMetadata.BlankedBox(packet.Offset, packet.Length, packet.LargeSize)));
        return [.. patches.OrderBy(patch => patch.Offset)];
    }

    /// <summary>
    /// What the walk of the top-level boxes found: the refusal's reason, or the movie box's content and where it starts, the
    /// movie fragments' contents (where and how long) and the top-level XMP boxes.
    /// </summary>
    private sealed record Walk(string? Problem, byte[]? Movie, long MovieOffset,
        IReadOnlyList<(long Offset, int Length)> Fragments, IReadOnlyList<(long Offset, int Length, bool LargeSize)> Packets)
    {
        public static Walk Refused(string problem) => new(problem, null, 0, [], []);
    }

    /// <summary>
    /// The top-level boxes, by their headers only (the first 32 bytes: enough for a <c>uuid</c>'s extended type after a
    /// 64-bit size), then the movie box's content.
    /// </summary>
    private static async Task<Walk> WalkAsync(long size, RangeReader read, CancellationToken ct)
    {
        (long Offset, long Length)? movie = null;
        var media = false;
        var boxes = 0;
        List<(long Offset, int Length)> fragments = [];
        List<(long Offset, int Length, bool LargeSize)> packets = [];
        long fragmentBytes = 0, packetBytes = 0;
        for (long at = 0; at < size;)
        {
            if (++boxes > MaxTopLevelBoxes) return Walk.Refused($"it has more than {MaxTopLevelBoxes} top-level boxes");
            if (size - at < 8) return Walk.Refused("its last box is cut short");
            var header = await ReadAsync(read, at, (int)Math.Min(32, size - at), ct);
            long length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (length == 1)
            {
                if (header.Length < 16) return Walk.Refused("its last box is cut short");
                length = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)), long.MaxValue);
                headerLength = 16;
            }
            else if (length == 0) length = size - at; // the last box runs to the end of the file
            if (length < headerLength || length > size - at) return Walk.Refused("its boxes do not add up to its size");
            if (!header.AsSpan(4, 4).ToArray().All(b => b is >= 0x20 and <= 0x7E)) return Walk.Refused("it holds something other than media boxes");
            var type = header.AsSpan(4, 4);
            if (type.SequenceEqual("moov"u8))
            {
                if (movie is not null) return Walk.Refused("it has two movie boxes");
                movie = (at + headerLength, length - headerLength);
            }
            else if (type.SequenceEqual("moof"u8))
            {
                if ((fragmentBytes += length) > MaxFragmentBytes) return Walk.Refused($"its movie fragments are larger than {MaxFragmentBytes / (1024 * 1024)} MB in all");
                // Less than a box header inside can name nothing, and is not worth a read (nor a read of 0 bytes).
                if (length - headerLength >= 8) fragments.Add((at + headerLength, (int)(length - headerLength)));
            }
            else if (type.SequenceEqual("uuid"u8) && length >= headerLength + 16 && header.AsSpan(headerLength, 16).SequenceEqual(VideoMetadata.XmpUuid))
            {
                if ((packetBytes += length) > MaxXmpBytes) return Walk.Refused($"its XMP packets are larger than {MaxXmpBytes / (1024 * 1024)} MB in all");
                packets.Add((at, (int)length, headerLength == 16));
            }
            media |= type.SequenceEqual("mdat"u8);
            at += length;
        }
        if (movie is not { } moov) return Walk.Refused("it has no movie box (moov)");
        if (!media) return Walk.Refused("it has no media data (mdat)");
        if (moov.Length > MaxMovieBoxBytes) return Walk.Refused($"its movie box is larger than {MaxMovieBoxBytes / (1024 * 1024)} MB");
        return new(null, await ReadAsync(read, moov.Offset, (int)moov.Length, ct), moov.Offset, fragments, packets);
    }

    private static async Task<byte[]> ReadAsync(RangeReader read, long offset, int length, CancellationToken ct)
    {
        var bytes = await read(offset, length, ct) ?? throw new FileNotFoundException("The object vanished while it was checked.");
        // A store that answers fewer bytes than a size it reported means the object changed underneath: not a file to accept.
        return bytes.Length == length ? bytes : throw new FileNotFoundException("The object changed while it was checked.");
    }

    private static (string? Problem, MediaFacts Facts) MovieCheck(byte[] movie, MediaKind kind)
    {
        try
        {
            ReadOnlySpan<byte> bytes = movie;
            if (HeifMetadata.FindBox(bytes, 0, bytes.Length, "mvhd") is not { } mvhd) return ("its movie has no header (mvhd)", MediaFacts.Unknown);
            var longForm = bytes[mvhd.Start] == 1; // version 1: 64-bit times and duration
            var timescale = BinaryPrimitives.ReadUInt32BigEndian(bytes[(mvhd.Start + (longForm ? 20 : 12))..]);
            if (timescale == 0) return ("its movie has no timescale", MediaFacts.Unknown);
            var duration = longForm ? BinaryPrimitives.ReadUInt64BigEndian(bytes[(mvhd.Start + 24)..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[(mvhd.Start + 16)..]);
            // 0 and all ones mean "not known here" (a fragmented file keeps its length elsewhere).
            int? seconds = duration is 0 or uint.MaxValue or ulong.MaxValue || duration / timescale > int.MaxValue
                ? null : (int)Math.Round((double)duration / timescale, MidpointRounding.AwayFromZero);
            MediaFacts? picture = null;
            var sound = false;
            for (var at = 0; HeifMetadata.FindBox(bytes, at, bytes.Length, "trak") is { } trak; at = trak.End)
            {
                if (TrackProblem(bytes, trak, out var handler) is { } problem) return (problem, MediaFacts.Unknown);
                if (handler == "vide") picture ??= TrackPicture(bytes, trak);
                sound |= handler == "soun";
            }
            if (kind == MediaKind.Audio)
                return picture is not null ? ("an audio file has a video track", MediaFacts.Unknown)
                    : sound ? (null, MediaFacts.Unknown with { DurationSeconds = seconds }) : ("it has no sound track", MediaFacts.Unknown);
            return picture is { } shown ? (null, shown with { DurationSeconds = seconds }) : ("it has no video track", MediaFacts.Unknown);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return ("its movie box runs past its end", MediaFacts.Unknown);
        }
    }

    /// <summary>
    /// A track header (ISO/IEC 14496-12 8.3.2): after its times, id and duration, 16 reserved bytes, the 3×3 matrix (a, b, u,
    /// c, d, v, x, y, w) and the width and height as 16.16 fixed point. a = d = 0 is a quarter turn.
    /// </summary>
    private static MediaFacts TrackPicture(ReadOnlySpan<byte> bytes, (int Start, int End) trak)
    {
        var tkhd = HeifMetadata.FindBox(bytes, trak.Start, trak.End, "tkhd")!.Value;
        var matrix = tkhd.Start + (bytes[tkhd.Start] == 1 ? 36 : 24) + 16;
        if (matrix + 44 > tkhd.End) return MediaFacts.Unknown;
        var quarterTurn = BinaryPrimitives.ReadInt32BigEndian(bytes[matrix..]) == 0 && BinaryPrimitives.ReadInt32BigEndian(bytes[(matrix + 16)..]) == 0;
        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes[(matrix + 36)..]) >> 16;
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes[(matrix + 40)..]) >> 16;
        return MediaFacts.Picture(width, height, quarterTurn);
    }

    private static string? TrackProblem(ReadOnlySpan<byte> bytes, (int Start, int End) trak, out string handler)
    {
        handler = "";
        if (HeifMetadata.FindBox(bytes, trak.Start, trak.End, "tkhd") is null) return "a track has no header (tkhd)";
        if (HeifMetadata.FindBox(bytes, trak.Start, trak.End, "mdia") is not { } mdia) return "a track has no media (mdia)";
        if (HeifMetadata.FindBox(bytes, mdia.Start, mdia.End, "mdhd") is null) return "a track's media has no header (mdhd)";
        if (HeifMetadata.FindBox(bytes, mdia.Start, mdia.End, "hdlr") is not { } hdlr) return "a track's media has no handler (hdlr)";
        handler = System.Text.Encoding.ASCII.GetString(bytes.Slice(hdlr.Start + 8, 4)); // FullBox, pre_defined, handler_type
        if (HeifMetadata.FindBox(bytes, mdia.Start, mdia.End, "minf") is not { } minf || HeifMetadata.FindBox(bytes, minf.Start, minf.End, "stbl") is null)
            return "a track has no sample table (minf/stbl)";
        return null;
    }
}
