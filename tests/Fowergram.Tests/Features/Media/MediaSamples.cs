using System.Text;

namespace Fowergram.Tests.Features.Media;

/// <summary>Files whose first bytes are those of real files of each type, padded to any length.</summary>
public static class MediaSamples
{
    public static byte[] Jpeg(int length = 2048) => Pad([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8], length);
    public static byte[] Png(int length = 2048) => Pad([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8], length);
    public static byte[] WebP(int length = 2048) => Pad([.. "RIFF"u8, 0x24, 0x08, 0x00, 0x00, .. "WEBPVP8 "u8], length);
    public static byte[] Heic(int length = 2048) => Pad(Ftyp("heic", "mif1", "heic"), length);
    public static byte[] Mp4(int length = 4096) => Pad(Ftyp("isom", "isom", "iso2", "avc1", "mp41"), length);
    public static byte[] QuickTime(int length = 4096) => Pad(Ftyp("qt  ", "qt  "), length);

    /// <summary>A shell script pretending to be anything.</summary>
    public static byte[] Script(int length = 2048) => Pad("#!/bin/sh\necho pwned\n"u8.ToArray(), length);

    /// <summary>An ISO base media <c>ftyp</c> box: size, "ftyp", major brand, minor version 0, compatible brands.</summary>
    public static byte[] Ftyp(string major, params string[] compatible)
    {
        var size = 16 + 4 * compatible.Length;
        var box = new List<byte> { 0, 0, (byte)(size >> 8), (byte)size };
        box.AddRange("ftyp"u8.ToArray());
        box.AddRange(Encoding.Latin1.GetBytes(major));
        box.AddRange(new byte[4]);
        foreach (var brand in compatible) box.AddRange(Encoding.Latin1.GetBytes(brand));
        return [.. box];
    }

    public static byte[] Pad(byte[] head, int length)
    {
        var bytes = new byte[Math.Max(length, head.Length)];
        head.CopyTo(bytes, 0);
        for (var i = head.Length; i < bytes.Length; i++) bytes[i] = (byte)(i * 31);
        return bytes;
    }
}
