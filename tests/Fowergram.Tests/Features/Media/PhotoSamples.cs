using System.Buffers.Binary;
using System.Text;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// Photos as phones and editors write them: real segment and chunk structures carrying metadata (an EXIF block with a
/// GPS position, XMP, comments, text chunks) around the picture of a file Skia encoded (<see cref="MediaSamples"/>), so a
/// claim decodes them. The progressive JPEG and the HEIC carry stand-in image data instead (Skia writes neither): the
/// rewrite tests read the JPEG's structure only, and the claim checks a HEIC's container, not its HEVC data.
/// </summary>
public static class PhotoSamples
{
    /// <summary>The GPS latitude reference every sample carries, to look for in served bytes.</summary>
    public static readonly byte[] GpsMarker = "GPSLAT-N-13.7563"u8.ToArray();

    /// <summary>The stand-in image data: what must come through byte for byte.</summary>
    public static byte[] ImageData(int length = 600) => MediaSamples.Pad([], length);

    /// <summary>
    /// Entropy-coded data as a JPEG scan holds it: every 0xFF stuffed with 0x00, and a restart marker (FF D0) halfway.
    /// </summary>
    public static byte[] ScanData(int length = 600)
    {
        var data = new List<byte>();
        foreach (var b in ImageData(length))
        {
            data.Add(b);
            if (b == 0xFF) data.Add(0x00);
            if (data.Count == length / 2) data.AddRange([0xFF, 0xD0]);
        }
        return [.. data];
    }

    /// <summary>
    /// A progressive JPEG: two scans with a Huffman table between them whose values happen to read FF D9, an XMP block
    /// between the scans, and after EOI a second, appended JPEG with an EXIF GPS block of its own (as multi-picture
    /// files and phones' trailers are).
    /// </summary>
    public static byte[] ProgressiveJpegWithTrailer(bool metadata = true)
    {
        var jpeg = JpegHeader(6, metadata);
        Segment(jpeg, 0xDB, [0, .. new byte[64]]);
        Segment(jpeg, 0xC2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        Segment(jpeg, 0xC4, [0, .. new byte[16], 0]);
        Segment(jpeg, 0xDA, [1, 1, 0, 0, 63, 0]);
        jpeg.AddRange(ScanData());
        Segment(jpeg, 0xC4, [0x10, .. new byte[15], 2, 0xFF, 0xD9]);
        if (metadata) Segment(jpeg, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. GpsMarker]);
        Segment(jpeg, 0xDA, [1, 1, 0x10, 1, 63, 0]);
        jpeg.AddRange(ScanData(300));
        jpeg.AddRange([0xFF, 0xD9]);
        if (metadata)
        {
            var appended = new List<byte> { 0xFF, 0xD8 };
            Segment(appended, 0xE1, [.. "Exif\0\0"u8, .. Tiff(1)]);
            appended.AddRange([0xFF, 0xD9]);
            jpeg.AddRange(appended);
        }
        return [.. jpeg];
    }

    /// <summary>
    /// SOI, JFIF APP0, an EXIF APP1 (little-endian TIFF: Orientation <paramref name="orientation"/>, Make, a GPS IFD), an XMP
    /// APP1, an ICC APP2, an IPTC APP13, a comment, Adobe APP14, then the picture (<see cref="JpegPicture"/>).
    /// </summary>
    public static byte[] Jpeg(ushort? orientation = 6, bool metadata = true) => [.. JpegHeader(orientation, metadata), .. JpegPicture];

    /// <summary>A JPEG Skia encoded, from its first table on: DQT, SOF0, DHT, SOS, the scan, EOI.</summary>
    public static byte[] JpegPicture
    {
        get
        {
            var encoded = MediaSamples.Encoded("image/jpeg");
            var at = 2;
            while (encoded[at + 1] is >= 0xE0 and <= 0xEF) at += 2 + BinaryPrimitives.ReadUInt16BigEndian(encoded.AsSpan(at + 2));
            return encoded[at..];
        }
    }

    private static List<byte> JpegHeader(ushort? orientation, bool metadata)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 2, 0, 0, 72, 0, 72, 0, 0]);
        if (metadata)
        {
            Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. Tiff(orientation)]);
            Segment(jpeg, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta><exif:GPSLatitude>13,45.37N</exif:GPSLatitude></x:xmpmeta>"u8]);
        }
        Segment(jpeg, 0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. new byte[40]]);
        if (metadata)
        {
            Segment(jpeg, 0xED, [.. "Photoshop 3.0\0"u8, .. "8BIM"u8, 0x04, 0x04, 0, 0, 0, 0, 0, 4, .. "IPTC"u8]);
            Segment(jpeg, 0xFE, "shot at home, 12 Sukhumvit Soi 11"u8.ToArray());
        }
        Segment(jpeg, 0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 1]);
        return jpeg;
    }

    /// <summary>Signature, IHDR, tEXt (a GPS comment), eXIf, tIME, the picture's chunks (IDAT …), iTXt, IEND; every CRC right.</summary>
    public static byte[] Png(bool metadata = true)
    {
        var chunks = PngChunks(MediaSamples.Encoded("image/png"));
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        Chunk(png, "IHDR", chunks[0].Data);
        if (metadata)
        {
            Chunk(png, "tEXt", [.. "Comment\0"u8, .. GpsMarker]);
            Chunk(png, "eXIf", Tiff(6));
            Chunk(png, "tIME", [0x07, 0xEA, 12, 2, 10, 0, 0]);
        }
        foreach (var (type, data) in chunks[1..^1]) Chunk(png, type, data);
        if (metadata) Chunk(png, "iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0"u8, .. GpsMarker]);
        Chunk(png, "IEND", []);
        return [.. png];
    }

    /// <summary>RIFF WEBP with VP8X (EXIF and XMP flags set, the 24×16 canvas), VP8 (the picture Skia encoded), EXIF, XMP.</summary>
    public static byte[] WebP(bool metadata = true)
    {
        var encoded = MediaSamples.Encoded("image/webp");
        var vp8 = encoded[20..(20 + (int)BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(16)))]; // RIFF, size, WEBP, "VP8 ", size
        var body = new List<byte>();
        RiffChunk(body, "VP8X", [metadata ? (byte)0x0C : (byte)0, 0, 0, 0, 23, 0, 0, 15, 0, 0]);
        RiffChunk(body, "VP8 ", vp8);
        if (metadata)
        {
            RiffChunk(body, "EXIF", Tiff(1));
            RiffChunk(body, "XMP ", [.. "<x:xmpmeta>"u8, .. GpsMarker, .. "</x:xmpmeta>"u8]);
        }
        var webp = new List<byte>();
        webp.AddRange("RIFF"u8.ToArray());
        webp.AddRange(BitConverter.GetBytes((uint)(4 + body.Count)));
        webp.AddRange("WEBP"u8.ToArray());
        webp.AddRange(body);
        return [.. webp];
    }

    private static List<(string Type, byte[] Data)> PngChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            chunks.Add((Encoding.ASCII.GetString(png, at + 4, 4), png[(at + 8)..(at + 8 + length)]));
            at += 12 + length;
        }
        return chunks;
    }

    /// <summary>
    /// A HEIC as an iPhone lays it out: ftyp; meta with hdlr, pitm, iinf (the picture, an Exif item, an XMP mime item),
    /// iloc v1 (the picture and the EXIF in mdat by file offset, the XMP in idat), iprp (hvcC, a 4032×3024 ispe), idat; mdat. Also where each part
    /// lies, to check what was zeroed and what was kept.
    /// </summary>
    public static (byte[] File, (int Offset, int Length) Picture, (int Offset, int Length) Exif, (int Offset, int Length) Xmp) Heic(bool metadata = true)
    {
        var picture = ImageData(500);
        byte[] exif = [0, 0, 0, 6, .. "Exif\0\0"u8, .. Tiff(1)];
        byte[] xmp = [.. "<x:xmpmeta>"u8, .. GpsMarker, .. "</x:xmpmeta>"u8];
        var items = metadata ? new[] { "hvc1", "Exif", "mime" } : ["hvc1"];
        byte[] Meta(int pictureAt, int exifAt)
        {
            var infes = items.SelectMany((type, i) => Box("infe", [2, 0, 0, 0, 0, (byte)(i + 1), 0, 0, .. Encoding.ASCII.GetBytes(type),
                .. (type == "mime" ? "XMP\0application/rdf+xml\0"u8.ToArray() : [0])])).ToArray();
            var iloc = new List<byte> { 1, 0, 0, 0, 0x44, 0x00, 0, (byte)items.Length };
            for (var i = 0; i < items.Length; i++)
            {
                var (method, at, length) = items[i] switch { "hvc1" => (0, pictureAt, picture.Length), "Exif" => (0, exifAt, exif.Length), _ => (1, 0, xmp.Length) };
                iloc.AddRange([0, (byte)(i + 1), 0, (byte)method, 0, 0, 0, 1]);
                iloc.AddRange(BigEndian((uint)at));
                iloc.AddRange(BigEndian((uint)length));
            }
            return Box("meta", [0, 0, 0, 0,
                .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "pict"u8, .. new byte[12], 0]),
                .. Box("pitm", [0, 0, 0, 0, 0, 1]),
                .. Box("iinf", [0, 0, 0, 0, 0, (byte)items.Length, .. infes]),
                .. Box("iloc", [.. iloc]),
                .. Box("iprp", [.. Box("ipco", [.. Box("hvcC", new byte[23]), .. Box("ispe", [0, 0, 0, 0, 0, 0, 0x0F, 0xC0, 0, 0, 0x0B, 0xD0])]),
                    .. Box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0x81, 0x02])]),
                .. (metadata ? Box("idat", xmp) : [])]);
        }
        var ftyp = MediaSamples.Ftyp("heic", "mif1", "heic");
        var mdatAt = ftyp.Length + Meta(0, 0).Length;
        var (pictureOffset, exifOffset) = (mdatAt + 8, mdatAt + 8 + picture.Length);
        var meta = Meta(pictureOffset, exifOffset);
        var file = (byte[])[.. ftyp, .. meta, .. Box("mdat", [.. picture, .. (metadata ? exif : [])])];
        var xmpOffset = metadata ? ftyp.Length + meta.Length - xmp.Length : 0;
        return (file, (pictureOffset, picture.Length), (exifOffset, metadata ? exif.Length : 0), (xmpOffset, metadata ? xmp.Length : 0));
    }

    private static byte[] Box(string type, byte[] content) => [.. BigEndian((uint)(8 + content.Length)), .. Encoding.ASCII.GetBytes(type), .. content];

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>A little-endian TIFF block: IFD0 with Orientation (when given), Make and a GPS IFD pointer; the GPS IFD.</summary>
    public static byte[] Tiff(ushort? orientation)
    {
        var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>();
        if (orientation is { } o) entries.Add((0x0112, 3, 1, o));
        var ifd0Size = 2 + 12 * (entries.Count + 2) + 4;
        var makeAt = 8 + ifd0Size;
        var make = "PhoneMaker\0"u8.ToArray();
        var gpsAt = makeAt + make.Length;
        entries.Insert(0, (0x010F, 2, (uint)make.Length, (uint)makeAt));
        entries.Add((0x8825, 4, 1, (uint)gpsAt));
        var tiff = new List<byte> { (byte)'I', (byte)'I', 0x2A, 0, 8, 0, 0, 0 };
        tiff.AddRange(BitConverter.GetBytes((ushort)entries.Count));
        foreach (var (tag, type, count, value) in entries)
        {
            tiff.AddRange(BitConverter.GetBytes(tag));
            tiff.AddRange(BitConverter.GetBytes(type));
            tiff.AddRange(BitConverter.GetBytes(count));
            tiff.AddRange(BitConverter.GetBytes(value));
        }
        tiff.AddRange(new byte[4]);
        tiff.AddRange(make);
        // GPS IFD: GPSLatitudeRef 'N' (inline) and an ASCII tag holding the marker.
        tiff.AddRange(BitConverter.GetBytes((ushort)2));
        tiff.AddRange([0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'N', 0, 0, 0]);
        var markerAt = (uint)(tiff.Count + 12 + 4);
        tiff.AddRange([0x1B, 0x00, 0x07, 0x00]);
        tiff.AddRange(BitConverter.GetBytes((uint)GpsMarker.Length));
        tiff.AddRange(BitConverter.GetBytes(markerAt));
        tiff.AddRange(new byte[4]);
        tiff.AddRange(GpsMarker);
        return [.. tiff];
    }

    private static void Segment(List<byte> jpeg, byte marker, byte[] payload)
    {
        jpeg.AddRange([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        jpeg.AddRange(payload);
    }

    private static void Chunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.AddRange(length);
        png.AddRange(Encoding.ASCII.GetBytes(type));
        png.AddRange(data);
        png.AddRange(MediaSamples.BigEndian(MediaSamples.Crc32([.. Encoding.ASCII.GetBytes(type), .. data])));
    }

    private static void RiffChunk(List<byte> riff, string type, byte[] data)
    {
        riff.AddRange(Encoding.ASCII.GetBytes(type));
        riff.AddRange(BitConverter.GetBytes((uint)data.Length));
        riff.AddRange(data);
        if (data.Length % 2 == 1) riff.Add(0);
    }
}
