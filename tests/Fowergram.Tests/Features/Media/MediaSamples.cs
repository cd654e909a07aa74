using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// Whole files of each type, padded to any length with what their format lets a reader skip, so a claim decodes them
/// (docs/media.md, "Decoding"): photos encoded by Skia (padding in APP0 segments, a private PNG chunk, after the WebP
/// RIFF), a HEIC whose container holds (<see cref="HeifFile"/>) and an MP4 or QuickTime movie box with one video track
/// (padding in mdat). <see cref="Head"/> is only the first bytes of a type: for stores, which never look inside, and for
/// files that must not decode.
/// </summary>
public static class MediaSamples
{
    private static readonly Lazy<byte[]> EncodedJpeg = new(() => Encode(SKEncodedImageFormat.Jpeg));
    private static readonly Lazy<byte[]> EncodedPng = new(() => Encode(SKEncodedImageFormat.Png));
    private static readonly Lazy<byte[]> EncodedWebP = new(() => Encode(SKEncodedImageFormat.Webp));

    public static byte[] Jpeg(int length = 2048) => PadJpeg(EncodedJpeg.Value, length);
    public static byte[] Png(int length = 2048) => PadPng(EncodedPng.Value, length);
    public static byte[] WebP(int length = 2048) => Fill(EncodedWebP.Value, length, (file, pad) => [.. file, .. Noise(pad)]);
    public static byte[] Heic(int length = 2048) => HeifFile(length);
    public static byte[] Mp4(int length = 4096, int durationSeconds = 10) =>
        Movie(Ftyp("isom", "isom", "iso2", "avc1", "mp41"), length, durationSeconds: durationSeconds);
    public static byte[] QuickTime(int length = 4096) => Movie(Ftyp("qt  ", "qt  "), length);

    /// <summary>A voice message as phones record one: MPEG-4 audio (brand M4A), one sound track.</summary>
    public static byte[] M4a(int length = 4096, int durationSeconds = 12) =>
        Movie(Ftyp("M4A ", "M4A ", "mp42", "isom"), length, handler: "soun", durationSeconds: durationSeconds);

    /// <summary>The photo as Skia encoded it (24×16 pixels), unpadded.</summary>
    public static byte[] Encoded(string contentType) => contentType switch
    {
        "image/jpeg" => EncodedJpeg.Value,
        "image/png" => EncodedPng.Value,
        "image/webp" => EncodedWebP.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Skia encodes JPEG, PNG and WebP here."),
    };

    /// <summary>The first bytes of a file of this type, then noise: right magic bytes, nothing a decoder can read.</summary>
    public static byte[] Head(string contentType, int length = 2048) => Pad(contentType switch
    {
        "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8],
        "image/png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8],
        "image/webp" => [.. "RIFF"u8, 0x24, 0x08, 0x00, 0x00, .. "WEBPVP8 "u8],
        "image/heic" => Ftyp("heic", "mif1", "heic"),
        "video/mp4" => Ftyp("isom", "isom", "iso2", "avc1", "mp41"),
        "video/quicktime" => Ftyp("qt  ", "qt  "),
        "audio/mp4" => Ftyp("M4A ", "M4A ", "mp42", "isom"),
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a media type."),
    }, length);

    /// <summary>A shell script pretending to be anything.</summary>
    public static byte[] Script(int length = 2048) => Pad("#!/bin/sh\necho pwned\n"u8.ToArray(), length);

    /// <summary>An ISO base media <c>ftyp</c> box: size, "ftyp", major brand, minor version 0, compatible brands.</summary>
    public static byte[] Ftyp(string major, params string[] compatible) =>
        Box("ftyp", [.. Encoding.Latin1.GetBytes(major), 0, 0, 0, 0, .. compatible.SelectMany(Encoding.Latin1.GetBytes)]);

    /// <summary>A copy with the first occurrence of <paramref name="find"/> overwritten by <paramref name="with"/> (a box type, a brand).</summary>
    public static byte[] Overwrite(byte[] bytes, ReadOnlySpan<byte> find, ReadOnlySpan<byte> with)
    {
        var copy = (byte[])bytes.Clone();
        var at = copy.AsSpan().IndexOf(find);
        if (at < 0) throw new ArgumentException("Not found in the sample.", nameof(find));
        with.CopyTo(copy.AsSpan(at));
        return copy;
    }

    public static byte[] Pad(byte[] head, int length)
    {
        var bytes = new byte[Math.Max(length, head.Length)];
        head.CopyTo(bytes, 0);
        for (var i = head.Length; i < bytes.Length; i++) bytes[i] = (byte)(i * 31);
        return bytes;
    }

    /// <summary>An ISO base media box: 32-bit size, type, content.</summary>
    public static byte[] Box(string type, byte[] content) => Box(Encoding.ASCII.GetBytes(type), content);

    /// <summary>A box whose type is not ASCII (QuickTime's "©xyz") or is a number (a QuickTime metadata item's key index).</summary>
    public static byte[] Box(byte[] type, byte[] content) => [.. BigEndian((uint)(8 + content.Length)), .. type, .. content];

    /// <summary>
    /// A HEIC container as the claim checks it: hdlr "pict", pitm, iinf with one hvc1 item, iloc placing its data in mdat,
    /// iprp/ipco with hvcC, ispe (<paramref name="width"/>×<paramref name="height"/>) and, when <paramref name="turned"/>, an irot
    /// of three quarters (as a phone held upright writes). The data is noise, not HEVC: the
    /// hosts cannot decode HEVC, and do not try.
    /// </summary>
    public static byte[] HeifFile(int length = 2048, uint width = 4032, uint height = 3024, bool turned = false)
    {
        var ftyp = Ftyp("heic", "mif1", "heic");
        byte[] Meta(uint dataAt, uint dataLength) => Box("meta", [0, 0, 0, 0,
            .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "pict"u8, .. new byte[12], 0]),
            .. Box("pitm", [0, 0, 0, 0, 0, 1]),
            .. Box("iinf", [0, 0, 0, 0, 0, 1, .. Box("infe", [2, 0, 0, 0, 0, 1, 0, 0, .. "hvc1"u8, 0])]),
            .. Box("iloc", [0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 1, .. BigEndian(dataAt), .. BigEndian(dataLength)]),
            .. Box("iprp", [.. Box("ipco", [.. Box("hvcC", new byte[23]), .. Box("ispe", [0, 0, 0, 0, .. BigEndian(width), .. BigEndian(height)]),
                    .. (turned ? Box("irot", [3]) : [])]),
                .. Box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0x81, 0x02])])]);
        var head = ftyp.Length + Meta(0, 0).Length + 8;
        var dataLength = Math.Max(1, length - head);
        return [.. ftyp, .. Meta((uint)head, (uint)dataLength), .. Box("mdat", Noise(dataLength))];
    }

    /// <summary>
    /// ftyp, a movie box (mvhd: timescale 600 and the duration; one track: tkhd with the size and, when
    /// <paramref name="portrait"/>, the quarter-turn matrix phones record portrait with; mdia/mdhd, hdlr, minf/stbl), mdat.
    /// </summary>
    public static byte[] Movie(byte[] ftyp, int length, string handler = "vide", int durationSeconds = 10, int width = 1280, int height = 720,
        bool portrait = false, byte[]? movieExtra = null, byte[]? trackExtra = null)
    {
        byte[] mvhd = Box("mvhd", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. BigEndian(600), .. BigEndian((uint)(600 * durationSeconds)), .. new byte[80]]);
        var matrix = portrait ? new uint[] { 0, 0x10000, 0, 0xFFFF0000, 0, 0, 0, 0, 0x40000000 } : [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
        byte[] tkhd = Box("tkhd", [0, 0, 0, 3, .. new byte[20], .. new byte[16], .. matrix.SelectMany(BigEndian),
            .. BigEndian((uint)width << 16), .. BigEndian((uint)height << 16)]);
        byte[] trak = Box("trak", [.. tkhd, .. Box("mdia", [
            .. Box("mdhd", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. BigEndian(600), .. BigEndian((uint)(600 * durationSeconds)), 0x55, 0xC4, 0, 0]),
            .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(handler), .. new byte[12], 0]),
            .. Box("minf", Box("stbl", []))]), .. trackExtra ?? []]);
        byte[] head = [.. ftyp, .. Box("moov", [.. mvhd, .. trak, .. movieExtra ?? []])];
        return [.. head, .. Box("mdat", Noise(Math.Max(0, length - head.Length - 8)))];
    }

    private static byte[] Encode(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(24, 16);
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 10), (byte)(y * 15), (byte)(120 + x + y)));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>APP0 segments after SOI: the metadata removal keeps APP0, a decoder skips one it does not know.</summary>
    private static byte[] PadJpeg(byte[] jpeg, int length) => Fill(jpeg, length, (file, pad) =>
    {
        var padding = new List<byte>();
        foreach (var size in Pieces(pad, overhead: 4, most: 65_537))
            padding.AddRange([0xFF, 0xE0, (byte)((size - 2) >> 8), (byte)(size - 2), .. Noise(size - 4)]);
        return [.. file[..2], .. padding, .. file[2..]];
    });

    /// <summary>Private ancillary chunks ("fgPd") after IHDR, with their CRC: a decoder skips them, the metadata removal keeps them.</summary>
    private static byte[] PadPng(byte[] png, int length) => Fill(png, length, (file, pad) =>
    {
        var padding = new List<byte>();
        foreach (var size in Pieces(pad, overhead: 12, most: 1 << 20))
        {
            byte[] typeAndData = [.. "fgPd"u8, .. Noise(size - 12)];
            padding.AddRange([.. BigEndian((uint)(size - 12)), .. typeAndData, .. BigEndian(Crc32(typeAndData))]);
        }
        const int afterIhdr = 8 + 25;
        return [.. file[..afterIhdr], .. padding, .. file[afterIhdr..]];
    });

    private static byte[] Fill(byte[] file, int length, Func<byte[], int, byte[]> pad)
    {
        if (length < file.Length) throw new ArgumentOutOfRangeException(nameof(length), length, $"A whole file of this type is at least {file.Length} bytes; use Head for less.");
        var padded = length == file.Length ? file : pad(file, length - file.Length);
        return padded.Length == length ? padded : throw new InvalidOperationException($"Padding made {padded.Length} bytes, not {length}.");
    }

    /// <summary>Splits <paramref name="total"/> into pieces of at least <paramref name="overhead"/> and at most <paramref name="most"/> bytes.</summary>
    private static IEnumerable<int> Pieces(int total, int overhead, int most)
    {
        while (total > 0)
        {
            var piece = Math.Min(total, most);
            if (total - piece is > 0 and var rest && rest < overhead) piece -= overhead;
            if (piece < overhead) throw new ArgumentOutOfRangeException(nameof(total), total, $"Cannot pad by fewer than {overhead} bytes.");
            yield return piece;
            total -= piece;
        }
    }

    private static byte[] Noise(int length) => Pad([], length);

    public static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
