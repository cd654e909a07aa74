using System.Buffers.Binary;

namespace Fowergram.Platform.Media;

/// <summary>
/// Takes out of a photo what it says about where, when and with what it was taken — EXIF (GPS position, camera, serial
/// numbers, time), XMP, IPTC, comments — before anyone else can read it, as Instagram does (docs/media.md "Metadata").
/// Structural rewriting only, no decoding: the image data is copied byte for byte. JPEG keeps its JFIF header, its ICC
/// colour profile and Adobe's colour-transform segment, and the EXIF orientation alone (phones store portrait photos
/// sideways and rely on it), and loses what follows its end; PNG keeps every chunk but the text, time and EXIF ones; WebP drops its EXIF and XMP chunks
/// and their flags; HEIC has its EXIF and XMP items zeroed in place. Videos are left as uploaded.
/// </summary>
public static class ImageMetadata
{
    /// <summary>
    /// The photo without metadata: shorter than <paramref name="bytes"/>, or for HEIC as long (its metadata is zeroed in
    /// place, <see cref="HeifMetadata"/>); null when it carries none this removes (a JPEG whose only EXIF is a bare
    /// orientation, rewritten, would be no shorter) or is not a type it rewrites.
    /// </summary>
    public static byte[]? Strip(string contentType, ReadOnlySpan<byte> bytes)
    {
        if (contentType == "image/heic") return HeifMetadata.Zero(bytes);
        var cleaned = contentType switch
        {
            "image/jpeg" => Jpeg(bytes),
            "image/png" => Png(bytes),
            "image/webp" => WebP(bytes),
            _ => null,
        };
        return cleaned is not null && cleaned.Length < bytes.Length ? cleaned : null;
    }

    /// <summary>The content types whose metadata <see cref="Strip"/> removes.</summary>
    public static bool Rewrites(string contentType) => contentType is "image/jpeg" or "image/png" or "image/webp" or "image/heic";

    private const byte StartOfScan = 0xDA, EndOfImage = 0xD9, App0 = 0xE0, App1 = 0xE1, App2 = 0xE2, App14 = 0xEE, Comment = 0xFE;

    /// <summary>
    /// Walks the whole file, segment by segment and through the entropy-coded data of each scan, and drops APP1–APP13
    /// and APP15 (EXIF, XMP, IPTC, maker data) and comments wherever they stand, keeping an APP2 only when it is an ICC
    /// profile, and everything after the image's end (EOI): trailers, and the appended images of multi-picture files,
    /// which carry EXIF of their own. Where the structure breaks, the rest is copied as it is: a decoder cannot read
    /// further either.
    /// </summary>
    private static byte[]? Jpeg(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return null;
        var output = new List<byte>(bytes.Length) { 0xFF, 0xD8 };
        ushort? orientation = null;
        var removed = false;
        var at = 2;
        while (at + 2 <= bytes.Length && bytes[at] == 0xFF)
        {
            var marker = bytes[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker == EndOfImage)
            {
                output.AddRange(bytes.Slice(at, 2));
                removed |= at + 2 < bytes.Length;
                at = bytes.Length;
                break;
            }
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7 || at + 4 > bytes.Length) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (length < 2 || at + 2 + length > bytes.Length) break;
            var segment = bytes.Slice(at, 2 + length);
            var payload = segment[4..];
            if (IsMetadata(marker, payload))
            {
                if (marker == App1 && payload.StartsWith("Exif\0\0"u8)) orientation ??= ExifOrientation(payload[6..]);
                removed = true;
            }
            else
                output.AddRange(segment);
            at += 2 + length;
            if (marker == StartOfScan)
            {
                var next = EndOfScanData(bytes, at);
                output.AddRange(bytes[at..next]);
                at = next;
            }
        }
        if (!removed) return null;
        if (orientation is { } value and not 1) output.InsertRange(InsertionPoint(output), OrientationSegment(value));
        output.AddRange(bytes[at..]);
        return output.ToArray();
    }

    /// <summary>
    /// Where a scan's entropy-coded data ends: at the first marker that is not a stuffed 0xFF (FF 00), a restart marker
    /// (FF D0–D7, part of the scan) or a fill byte. The end of the file when there is none.
    /// </summary>
    private static int EndOfScanData(ReadOnlySpan<byte> bytes, int from)
    {
        for (var i = from; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] != 0xFF) continue;
            var next = bytes[i + 1];
            if (next is 0x00 or >= 0xD0 and <= 0xD7) { i++; continue; }
            if (next == 0xFF) continue;
            return i;
        }
        return bytes.Length;
    }

    private static bool IsMetadata(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        Comment => true,
        App2 => !payload.StartsWith("ICC_PROFILE\0"u8),
        App0 or App14 => false,
        >= App1 and <= 0xEF => true,
        _ => false,
    };

    /// <summary>After SOI and a JFIF APP0, where an EXIF APP1 belongs.</summary>
    private static int InsertionPoint(List<byte> output) =>
        output.Count >= 4 && output[2] == 0xFF && output[3] == App0 ? 4 + (output[4] << 8 | output[5]) : 2;

    /// <summary>Tag 0x0112 of IFD0, when it is one SHORT; null otherwise.</summary>
    private static ushort? ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return null;
        var little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return null;
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var ifd = U32(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2) return null;
        var count = U16(tiff[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length) return null;
            if (U16(tiff[entry..]) == 0x0112 && U16(tiff[(entry + 2)..]) == 3 && U32(tiff[(entry + 4)..]) == 1)
            {
                var value = U16(tiff[(entry + 8)..]);
                return value is >= 1 and <= 8 ? value : null;
            }
        }
        return null;
    }

    /// <summary>An APP1 EXIF segment holding only the orientation: a big-endian TIFF header and one IFD of one entry.</summary>
    private static byte[] OrientationSegment(ushort orientation) =>
    [
        0xFF, App1, 0x00, 0x22, .. "Exif\0\0"u8,
        (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // TIFF header, IFD0 at 8
        0x00, 0x01, // one entry
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, // no next IFD
    ];

    /// <summary>Drops eXIf, tEXt, zTXt, iTXt and tIME chunks; the others (and their CRCs) are copied as they are.</summary>
    private static byte[]? Png(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || !bytes.StartsWith(MagicNumbers.PngSignature)) return null;
        var output = new List<byte>(bytes.Length);
        output.AddRange(bytes[..8]);
        var removed = false;
        var at = 8;
        while (at + 12 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
            if (length > (uint)(bytes.Length - at - 12)) break;
            var chunk = bytes.Slice(at, 12 + (int)length);
            var type = chunk.Slice(4, 4);
            if (type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) ||
                type.SequenceEqual("iTXt"u8) || type.SequenceEqual("tIME"u8))
                removed = true;
            else
                output.AddRange(chunk);
            at += chunk.Length;
            if (type.SequenceEqual("IEND"u8)) break;
        }
        if (!removed) return null;
        output.AddRange(bytes[at..]);
        return output.ToArray();
    }

    /// <summary>
    /// Drops the EXIF and XMP chunks of a RIFF WebP and their flags in VP8X, and sets the RIFF size anew. A file whose
    /// chunks do not add up to its RIFF size is left alone.
    /// </summary>
    private static byte[]? WebP(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes.StartsWith("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WEBP"u8)) return null;
        var end = 8 + (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (end > bytes.Length) return null;
        var output = new List<byte>(bytes.Length);
        output.AddRange(bytes[..12]);
        var removed = false;
        var vp8x = -1;
        var at = 12;
        while (at + 8 <= end)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            var padded = 8 + (long)size + (size & 1);
            if (at + padded > end) return null;
            var chunk = bytes.Slice(at, (int)padded);
            var type = chunk[..4];
            if (type.SequenceEqual("EXIF"u8) || type.SequenceEqual("XMP "u8))
                removed = true;
            else
            {
                if (type.SequenceEqual("VP8X"u8) && size >= 1) vp8x = output.Count;
                output.AddRange(chunk);
            }
            at += (int)padded;
        }
        if (!removed || at != end) return null;
        if (vp8x >= 0) output[vp8x + 8] &= unchecked((byte)~0x0C); // the EXIF (0x08) and XMP (0x04) flags
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[4..], (uint)(output.Count - 8));
        output.AddRange(bytes[(int)end..]);
        return output.ToArray();
    }
}
