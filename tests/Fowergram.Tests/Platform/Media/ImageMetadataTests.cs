using System.Buffers.Binary;
using System.Text;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;

namespace Fowergram.Tests.Platform.Media;

/// <summary><see cref="ImageMetadata"/> on photos built the way phones and editors write them (<see cref="PhotoSamples"/>).</summary>
public sealed class ImageMetadataTests
{
    private static readonly string[] Traces = ["PhoneMaker", "ns.adobe.com/xap", "Photoshop", "Sukhumvit", "tEXt", "eXIf", "tIME", "iTXt", "XMP ", "EXIF"];

    [Fact]
    public void A_jpeg_loses_exif_xmp_iptc_and_comments_and_keeps_its_header_colour_profile_orientation_and_image_data()
    {
        var photo = PhotoSamples.Jpeg(orientation: 6);

        var cleaned = ImageMetadata.Strip("image/jpeg", photo)!;

        AssertNoTraces(cleaned);
        Assert.Equal(photo[..20], cleaned[..20]); // SOI and the JFIF APP0
        Assert.Equal(Markers(PhotoSamples.Jpeg(metadata: false)), Markers(cleaned).Where(m => m != 0xE1));
        Assert.Equal((ushort)6, Orientation(cleaned)); // the only EXIF left, right after JFIF
        Assert.Equal(1, Markers(cleaned).IndexOf(0xE1));
        Assert.True(cleaned.AsSpan().EndsWith(PhotoSamples.JpegPicture));
        Assert.Contains("ICC_PROFILE", Encoding.Latin1.GetString(cleaned));
        Assert.Contains("Adobe", Encoding.Latin1.GetString(cleaned));
        Assert.Null(ImageMetadata.Strip("image/jpeg", cleaned)); // nothing more to take
    }

    [Fact]
    public void A_jpeg_with_no_orientation_or_the_upright_one_keeps_no_exif_at_all()
    {
        foreach (ushort? orientation in new ushort?[] { null, 1 })
        {
            var cleaned = ImageMetadata.Strip("image/jpeg", PhotoSamples.Jpeg(orientation))!;
            Assert.DoesNotContain((byte)0xE1, Markers(cleaned));
            Assert.Equal(PhotoSamples.Jpeg(metadata: false), cleaned);
        }
    }

    [Fact]
    public void A_progressive_jpeg_keeps_every_scan_and_table_and_loses_metadata_between_scans_and_what_follows_its_end()
    {
        var cleaned = ImageMetadata.Strip("image/jpeg", PhotoSamples.ProgressiveJpegWithTrailer())!;

        AssertNoTraces(cleaned);
        Assert.DoesNotContain("Exif\0\0II", Encoding.Latin1.GetString(cleaned)); // the appended image's EXIF
        // Exactly the file without metadata, plus the 36-byte orientation block after JFIF (SOI and APP0 are 20 bytes).
        var plain = PhotoSamples.ProgressiveJpegWithTrailer(metadata: false);
        Assert.Equal([0xFF, 0xE1], cleaned[20..22]);
        Assert.Equal([.. plain[..20], .. cleaned[20..56], .. plain[20..]], cleaned);
        Assert.True(cleaned.AsSpan().EndsWith((byte[])[.. PhotoSamples.ScanData(300), 0xFF, 0xD9]));
    }

    [Fact]
    public void A_png_loses_its_text_time_and_exif_chunks_and_keeps_the_rest_byte_for_byte()
    {
        var cleaned = ImageMetadata.Strip("image/png", PhotoSamples.Png())!;

        AssertNoTraces(cleaned);
        Assert.Equal(PhotoSamples.Png(metadata: false), cleaned);
    }

    [Fact]
    public void A_webp_loses_its_exif_and_xmp_chunks_and_their_flags_and_its_riff_size_is_set_anew()
    {
        var cleaned = ImageMetadata.Strip("image/webp", PhotoSamples.WebP())!;

        AssertNoTraces(cleaned);
        Assert.Equal(PhotoSamples.WebP(metadata: false), cleaned);
        Assert.Equal((uint)cleaned.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(cleaned.AsSpan(4)));
    }

    [Fact]
    public void A_heic_has_its_exif_and_xmp_items_zeroed_in_place_and_everything_else_kept_where_it_was()
    {
        var (photo, picture, exif, xmp) = PhotoSamples.Heic();

        var cleaned = ImageMetadata.Strip("image/heic", photo)!;

        Assert.Equal(photo.Length, cleaned.Length); // iloc's offsets stay right
        AssertNoTraces(cleaned);
        Assert.All(new[] { exif, xmp }, range => Assert.All(cleaned.AsSpan(range.Offset, range.Length).ToArray(), b => Assert.Equal(0, b)));
        Assert.Equal(PhotoSamples.ImageData(500), cleaned.AsSpan(picture.Offset, picture.Length).ToArray());
        var outside = Enumerable.Range(0, photo.Length)
            .Where(i => !(i >= exif.Offset && i < exif.Offset + exif.Length) && !(i >= xmp.Offset && i < xmp.Offset + xmp.Length));
        Assert.All(outside, i => Assert.Equal(photo[i], cleaned[i]));
        Assert.Null(ImageMetadata.Strip("image/heic", cleaned)); // nothing more to take
    }

    [Fact]
    public void Photos_without_metadata_other_types_and_broken_structures_are_left_alone()
    {
        Assert.Null(ImageMetadata.Strip("image/heic", PhotoSamples.Heic(metadata: false).File));
        Assert.Null(ImageMetadata.Strip("image/jpeg", PhotoSamples.Jpeg(metadata: false)));
        Assert.Null(ImageMetadata.Strip("image/png", PhotoSamples.Png(metadata: false)));
        Assert.Null(ImageMetadata.Strip("image/webp", PhotoSamples.WebP(metadata: false)));
        Assert.Null(ImageMetadata.Strip("video/mp4", MediaSamples.Mp4()));
        foreach (var type in new[] { "image/jpeg", "image/png", "image/webp", "image/heic" })
        {
            Assert.Null(ImageMetadata.Strip(type, MediaSamples.Head(type))); // magic bytes, then noise: nothing to walk
            Assert.Null(ImageMetadata.Strip(type, type switch // whole files with none
            {
                "image/jpeg" => MediaSamples.Jpeg(), "image/png" => MediaSamples.Png(), "image/webp" => MediaSamples.WebP(), _ => MediaSamples.Heic(),
            }));
        }

        var truncated = PhotoSamples.WebP()[..^3]; // chunks no longer add up to the RIFF size
        Assert.Null(ImageMetadata.Strip("image/webp", truncated));
    }

    [Fact]
    public void A_jpeg_whose_segments_break_after_some_metadata_loses_what_came_before_and_keeps_the_rest()
    {
        var photo = PhotoSamples.Jpeg();
        var exifEnd = 20 + 2 + BinaryPrimitives.ReadUInt16BigEndian(photo.AsSpan(22));
        var broken = photo[..exifEnd].Concat(new byte[] { 0x00, 0x01, 0x02 }).Concat(photo[exifEnd..]).ToArray();

        var cleaned = ImageMetadata.Strip("image/jpeg", broken)!;

        Assert.DoesNotContain("PhoneMaker", Encoding.Latin1.GetString(cleaned));
        Assert.True(cleaned.AsSpan().EndsWith(broken.AsSpan(exifEnd)));
    }

    /// <summary>
    /// Whatever a client uploads reaches the rewrite once its magic bytes match: mutated and truncated photos must never
    /// make it throw (a claim would answer 500), and what it returns is shorter and of the same type.
    /// </summary>
    [Fact]
    public void Mutated_and_truncated_photos_never_make_it_throw()
    {
        var random = new Random(20261202);
        foreach (var (type, photo) in new[] { ("image/jpeg", PhotoSamples.ProgressiveJpegWithTrailer()), ("image/png", PhotoSamples.Png()),
                     ("image/webp", PhotoSamples.WebP()), ("image/heic", PhotoSamples.Heic().File) })
        {
            for (var round = 0; round < 3000; round++)
            {
                var bytes = photo[..random.Next(1, photo.Length + 1)];
                for (var flips = random.Next(0, 6); flips > 0; flips--)
                    bytes[random.Next(bytes.Length)] = (byte)(random.Next(4) == 0 ? 0xFF : random.Next(256));
                if (random.Next(4) == 0) bytes = [.. photo[..Math.Min(photo.Length, 12)], .. bytes];
                if (!MagicNumbers.Matches(type, bytes)) continue;

                var cleaned = ImageMetadata.Strip(type, bytes);

                if (cleaned is null) continue;
                Assert.True(type == "image/heic" ? cleaned.Length == bytes.Length : cleaned.Length < bytes.Length,
                    $"{type} round {round}: {cleaned.Length} against {bytes.Length}");
                Assert.True(MagicNumbers.Matches(type, cleaned), $"{type} round {round}: the result lost its magic bytes");
            }
        }
    }

    private static void AssertNoTraces(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain(Encoding.Latin1.GetString(PhotoSamples.GpsMarker), text);
        foreach (var trace in Traces) Assert.DoesNotContain(trace, text);
    }

    /// <summary>The markers of a JPEG's segments up to SOS, in order.</summary>
    private static List<byte> Markers(byte[] jpeg)
    {
        var markers = new List<byte>();
        for (var at = 2; at + 4 <= jpeg.Length && jpeg[at] == 0xFF;)
        {
            markers.Add(jpeg[at + 1]);
            if (jpeg[at + 1] == 0xDA) break;
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }
        return markers;
    }

    private static ushort? Orientation(byte[] jpeg)
    {
        var at = Encoding.Latin1.GetString(jpeg).IndexOf("Exif\0\0", StringComparison.Ordinal);
        if (at < 0) return null;
        var tiff = jpeg.AsSpan(at + 6);
        Assert.Equal("MM"u8.ToArray(), tiff[..2].ToArray());
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(tiff[8..]));
        Assert.Equal(0x0112, BinaryPrimitives.ReadUInt16BigEndian(tiff[10..]));
        return BinaryPrimitives.ReadUInt16BigEndian(tiff[18..]);
    }
}
