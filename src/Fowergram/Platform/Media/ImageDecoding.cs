using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Fowergram.Platform.Media;

/// <summary>
/// Decodes an uploaded photo before anything may point at it: matching first bytes (<see cref="MagicNumbers"/>) do not make
/// a picture, and a file that no viewer can show, or that is cut short, would break every client it is sent to. JPEG,
/// PNG and WebP go through Skia's decoders (libjpeg-turbo, libpng, libwebp). Its dimensions are read first and capped, so
/// a small file declaring a huge picture (a decompression bomb) is refused before a pixel is decoded. Memory stays small:
/// JPEG and WebP decode at an eighth of each side (every coefficient is still read), PNG one row at a time. HEIC is not
/// decodable on Linux (Skia has no HEVC decoder there), so its container is checked instead (<see cref="HeifStructure"/>).
/// </summary>
public static class ImageDecoding
{
    /// <summary>
    /// Interlaced PNGs and progressive JPEGs are held whole while they decode (every pass, every coefficient), so they get
    /// a tighter cap: about 120–240 MB of working memory at most. Phones write neither.
    /// </summary>
    public const long MaxBufferedPixels = 30_000_000;

    /// <summary>Why the photo is refused (a sentence fragment for the rejection reason), or null when it decodes.</summary>
    public static string? Problem(string contentType, byte[] bytes, long maxPixels) => Check(contentType, bytes, maxPixels).Problem;

    /// <summary>The refusal's reason (null when the photo decodes) and, when it decodes, its size as shown.</summary>
    public static (string? Problem, MediaFacts Facts) Check(string contentType, byte[] bytes, long maxPixels)
    {
        if (contentType == "image/heic") return HeifStructure.Check(bytes, maxPixels);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || !Expected(contentType, codec.EncodedFormat)) return Refused($"it does not decode as {contentType}");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) return Refused($"it does not decode as {contentType}");
        var pixels = (long)width * height;
        if (pixels > maxPixels) return Refused($"its {width}×{height} pixels are more than the {maxPixels:N0} allowed");
        if (pixels > MaxBufferedPixels && (contentType == "image/png" ? IsInterlacedPng(bytes) : contentType == "image/jpeg" && IsProgressiveJpeg(bytes)))
            return Refused($"an interlaced or progressive picture may have at most {MaxBufferedPixels:N0} pixels");
        var result = Decode(codec);
        if (result != SKCodecResult.Success) return Refused($"it does not decode as {contentType} ({Describe(result)})");
        // EXIF orientations 5–8 show the stored picture turned a quarter (phones store portrait photos sideways).
        return (null, MediaFacts.Picture(width, height, quarterTurn: codec.EncodedOrigin >= SKEncodedOrigin.LeftTop));
    }

    private static (string?, MediaFacts) Refused(string problem) => (problem, MediaFacts.Unknown);

    private static bool Expected(string contentType, SKEncodedImageFormat format) => (contentType, format) switch
    {
        ("image/jpeg", SKEncodedImageFormat.Jpeg) => true,
        ("image/png", SKEncodedImageFormat.Png) => true,
        ("image/webp", SKEncodedImageFormat.Webp) => true,
        _ => false,
    };

    private static SKCodecResult Decode(SKCodec codec)
    {
        var size = codec.GetScaledDimensions(0.125f);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var row = info.RowBytes;
        var started = codec.StartScanlineDecode(info);
        if (started == SKCodecResult.Success)
        {
            var line = Marshal.AllocHGlobal(row);
            try
            {
                // GetScanlines answers how many rows it decoded; fewer than asked means the data ended or broke.
                for (var y = 0; y < info.Height; y++)
                    if (codec.GetScanlines(line, 1, row) != 1) return SKCodecResult.IncompleteInput;
                return SKCodecResult.Success;
            }
            finally
            {
                Marshal.FreeHGlobal(line);
            }
        }
        if (started != SKCodecResult.Unimplemented) return started;
        var buffer = Marshal.AllocHGlobal((nint)info.BytesSize64);
        try
        {
            return codec.GetPixels(info, buffer);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the image data ends early",
        SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput => "the image data is corrupt",
        _ => result.ToString(),
    };

    /// <summary>Walks the segments up to the first frame header: SOF2, SOF6, SOF10 and SOF14 are progressive.</summary>
    private static bool IsProgressiveJpeg(byte[] bytes)
    {
        for (var at = 2; at + 4 <= bytes.Length && bytes[at] == 0xFF;)
        {
            var marker = bytes[at + 1];
            if (marker is 0xC2 or 0xC6 or 0xCA or 0xCE) return true;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC or 0xDA) return false;
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2));
        }
        return false;
    }

    /// <summary>IHDR is the first chunk: signature (8), length and type (8), width, height, depth, colour type, compression, filter, interlace.</summary>
    private static bool IsInterlacedPng(byte[] bytes) =>
        bytes.Length > 28 && BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12)) == 0x49484452 && bytes[28] != 0;
}
