using System.Text;
using static Fowergram.Tests.Features.Media.MediaSamples;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// Movies that say where they were recorded, in each of the ways phones and editors write it (<c>VideoMetadata</c>), with
/// the place as text a test can look for in the bytes served afterwards.
/// </summary>
public static class VideoSamples
{
    /// <summary>Android's <c>udta/©xyz</c>: an ISO 6709 string.</summary>
    public const string AndroidPlace = "+37.3318-122.0312+030.000/";

    /// <summary>A 3GPP <c>loci</c> box's place name.</summary>
    public const string NamedPlace = "Apple Park";

    /// <summary>An XMP packet's GPS latitude, in <c>udta/XMP_</c>.</summary>
    public const string XmpPlace = "37,19.908N";

    /// <summary>An iTunes-style <c>udta/meta/ilst</c> item "©xyz".</summary>
    public const string ItunesPlace = "+48.8584+002.2945/";

    /// <summary>Apple's <c>com.apple.quicktime.location.ISO6709</c> value.</summary>
    public const string ApplePlace = "+35.6586+139.7454+045.000/";

    /// <summary>Apple's <c>com.apple.quicktime.location.accuracy.horizontal</c> value.</summary>
    public const string AppleAccuracy = "14.621022";

    /// <summary>A track's own <c>udta/©xyz</c>.</summary>
    public const string TrackPlace = "-33.8568+151.2153/";

    /// <summary>Kept: the device's make (<c>com.apple.quicktime.make</c>) and a title (<c>udta/©nam</c>) say nothing of the place.</summary>
    public const string Make = "PhoneMaker";
    public const string Title = "Sunset walk";

    public static readonly string[] Places = [AndroidPlace, NamedPlace, XmpPlace, ItunesPlace, ApplePlace, AppleAccuracy, TrackPlace];

    /// <summary>The GPS longitude of an XMP packet in a top-level <c>uuid</c> box (<see cref="WithPacket"/>).</summary>
    public const string PacketPlace = "122,1.872W";

    /// <summary>What a vendor's own <c>uuid</c> box says (not XMP): kept.</summary>
    public const string VendorNote = "VendorProfile";

    /// <summary>Adobe's extended type for a <c>uuid</c> box holding XMP: BE7ACFCB-97A9-42E8-9C71-999491E3AFAC.</summary>
    public static readonly byte[] XmpUuid = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    /// <summary>Places a fragmented recording names (<see cref="Fragmented"/>): in a movie fragment's <c>udta</c>, a track fragment's, and QuickTime metadata in a track fragment.</summary>
    public const string FragmentPlace = "+51.5007-000.1246/";
    public const string TrackFragmentPlace = "+40.6892-074.0445/";
    public const string FragmentApplePlace = "+43.7230+010.3966+002.000/";

    public static readonly string[] FragmentPlaces = [FragmentPlace, TrackFragmentPlace, FragmentApplePlace];

    private static readonly byte[] Xyz = [0xA9, (byte)'x', (byte)'y', (byte)'z'];
    private static readonly byte[] Nam = [0xA9, (byte)'n', (byte)'a', (byte)'m'];

    /// <summary>
    /// A QuickTime movie with every kind of location; <paramref name="isoMeta"/> writes <c>moov/meta</c> as an ISO full box
    /// (version and flags before its handler) instead of QuickTime's plain atom, as some encoders do.
    /// </summary>
    public static byte[] Located(int length = 8192, bool isoMeta = false, int durationSeconds = 12, string contentType = "video/quicktime") =>
        Movie(FtypOf(contentType), length,
        durationSeconds: durationSeconds, portrait: true,
        movieExtra: [.. UserData(), .. QuickTimeMetadata(isoMeta)],
        trackExtra: Box("udta", Box(Xyz, IsoString(TrackPlace))));

    /// <summary>
    /// <paramref name="movie"/> with, after its media data, an XMP packet in a top-level <c>uuid</c> box as Adobe's tools
    /// write it (with a 64-bit size when <paramref name="largeSize"/>), then a vendor's <c>uuid</c> box of another kind.
    /// </summary>
    public static byte[] WithPacket(byte[] movie, bool largeSize = false) => [.. movie, .. XmpBox(PacketPlace, largeSize),
        .. Box("uuid", [.. Enumerable.Range(1, 16).Select(i => (byte)i), .. Encoding.UTF8.GetBytes(VendorNote)])];

    /// <summary>A top-level XMP <c>uuid</c> box: size, type, extended type, the packet.</summary>
    public static byte[] XmpBox(string place, bool largeSize = false)
    {
        byte[] content = [.. XmpUuid, .. Encoding.UTF8.GetBytes($"<x:xmpmeta><rdf:Description exif:GPSLongitude=\"{place}\"/></x:xmpmeta>")];
        if (!largeSize) return Box("uuid", content);
        var size = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)(16 + content.Length));
        return [0, 0, 0, 1, .. "uuid"u8, .. size, .. content];
    }

    /// <summary>
    /// A fragmented recording: a movie box announcing fragments (<c>mvex</c>) that names no place, then two movie fragments
    /// (<c>moof</c>), each followed by its media data, that do: the first in its own <c>udta</c> (beside a title, kept) and
    /// its track fragment's, the second in QuickTime metadata in its track fragment (beside the make, kept).
    /// </summary>
    public static byte[] Fragmented(string contentType = "video/mp4")
    {
        var movie = Movie(FtypOf(contentType), 1024, durationSeconds: 12, portrait: true, movieExtra: Box("mvex", Box("trex", new byte[24])));
        byte[] Fragment(uint sequence, byte[] trackExtra, byte[] extra) => Box("moof", [
            .. Box("mfhd", [0, 0, 0, 0, .. BigEndian(sequence)]),
            .. Box("traf", [.. Box("tfhd", [0, 2, 0, 0, .. BigEndian(1)]), .. Box("trun", new byte[8]), .. trackExtra]),
            .. extra]);
        byte[] first = Fragment(1, Box("udta", Box(Xyz, IsoString(TrackFragmentPlace))),
            Box("udta", [.. Box(Nam, IsoString(Title)), .. Box(Xyz, IsoString(FragmentPlace))]));
        byte[] second = Fragment(2, QuickTimeMetadata(false, ("com.apple.quicktime.make", Make), ("com.apple.quicktime.location.ISO6709", FragmentApplePlace)), []);
        return [.. movie, .. first, .. Box("mdat", Pad([], 600)), .. second, .. Box("mdat", Pad([], 600))];
    }

    /// <summary>The same movie saying nothing of where it was made: a title and a make only.</summary>
    public static byte[] Unlocated(int length = 8192, string contentType = "video/quicktime") =>
        Movie(FtypOf(contentType), length, durationSeconds: 12, portrait: true,
        movieExtra: [.. Box("udta", Box(Nam, IsoString(Title))), .. QuickTimeMetadata(isoMeta: false, located: false)]);

    private static byte[] FtypOf(string contentType) => contentType == "video/mp4" ? Ftyp("mp42", "isom", "mp42") : Ftyp("qt  ", "qt  ");

    private static byte[] UserData() => Box("udta", [
        .. Box(Nam, IsoString(Title)),
        .. Box(Xyz, IsoString(AndroidPlace)),
        .. Box("loci", [0, 0, 0, 0, 0x15, 0xC7, .. Encoding.UTF8.GetBytes(NamedPlace), 0, 0, 0, 0x79, 0x6B, 0, 0, 0x25, 0x2A, 0, 0, 0, 0x1E, .. "earth\0\0"u8]),
        .. Box("XMP_", Encoding.UTF8.GetBytes($"<x:xmpmeta><rdf:Description exif:GPSLatitude=\"{XmpPlace}\"/></x:xmpmeta>")),
        .. Box("meta", [0, 0, 0, 0,
            .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "mdir"u8, .. "appl"u8, .. new byte[8], 0]),
            .. Box("ilst", Box(Xyz, Data(ItunesPlace)))])]);

    private static byte[] QuickTimeMetadata(bool isoMeta, bool located = true) => located
        ? QuickTimeMetadata(isoMeta, ("com.apple.quicktime.make", Make), ("com.apple.quicktime.location.ISO6709", ApplePlace),
            ("com.apple.quicktime.location.accuracy.horizontal", AppleAccuracy))
        : QuickTimeMetadata(isoMeta, ("com.apple.quicktime.make", Make));

    /// <summary>QuickTime metadata: a handler, the keys, and the values as <c>ilst</c> items typed by their key's index.</summary>
    private static byte[] QuickTimeMetadata(bool isoMeta, params (string Key, string Value)[] items)
    {
        byte[] content = [
            .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "mdta"u8, .. new byte[12], 0]),
            .. Box("keys", [0, 0, 0, 0, .. BigEndian((uint)items.Length),
                .. items.SelectMany(item => Box("mdta", Encoding.UTF8.GetBytes(item.Key)))]),
            .. Box("ilst", items.SelectMany((item, i) => Box(BigEndian((uint)(i + 1)), Data(item.Value))).ToArray())];
        return Box("meta", isoMeta ? [0, 0, 0, 0, .. content] : content);
    }

    /// <summary>A QuickTime user data string: its length, a language code, the text.</summary>
    private static byte[] IsoString(string text) => [.. BigEndian((uint)text.Length << 16 | 0x15C7), .. Encoding.UTF8.GetBytes(text)];

    /// <summary>A metadata item's value: a <c>data</c> box of UTF-8 text (type 1, locale 0).</summary>
    private static byte[] Data(string text) => Box("data", [0, 0, 0, 1, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)]);
}
