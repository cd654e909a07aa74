using System.Buffers.Binary;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;

namespace Fowergram.Tests.Platform.Media;

/// <summary><see cref="ImageDecoding"/>: what decodes passes, what is cut short, corrupt, or too large to decode is refused.</summary>
public sealed class ImageDecodingTests
{
    private const long Cap = 250_000_000;

    public static TheoryData<string> Photos() => ["image/jpeg", "image/png", "image/webp", "image/heic"];

    [Theory]
    [MemberData(nameof(Photos))]
    public void Whole_photos_decode_padded_or_not_and_with_their_metadata(string type)
    {
        Assert.Null(ImageDecoding.Problem(type, Whole(type), Cap));
        Assert.Null(ImageDecoding.Problem(type, Whole(type, 70_000), Cap)); // padding over more than one segment or chunk
        Assert.Null(ImageDecoding.Problem(type, WithMetadata(type), Cap));
    }

    [Fact]
    public void A_decoded_photo_measures_its_size_as_shown()
    {
        Assert.Equal(new MediaFacts(24, 16, null), ImageDecoding.Check("image/png", MediaSamples.Png(), Cap).Facts);
        Assert.Equal(new MediaFacts(24, 16, null), ImageDecoding.Check("image/webp", MediaSamples.WebP(), Cap).Facts);
        Assert.Equal(new MediaFacts(24, 16, null), ImageDecoding.Check("image/jpeg", PhotoSamples.Jpeg(orientation: 1), Cap).Facts);
        Assert.Equal(new MediaFacts(16, 24, null), ImageDecoding.Check("image/jpeg", PhotoSamples.Jpeg(orientation: 6), Cap).Facts); // stored sideways
        Assert.Equal(new MediaFacts(16, 24, null), ImageDecoding.Check("image/jpeg", PhotoSamples.Jpeg(orientation: 8), Cap).Facts);
        Assert.Equal(new MediaFacts(4032, 3024, null), ImageDecoding.Check("image/heic", MediaSamples.Heic(), Cap).Facts);
        Assert.Equal(new MediaFacts(3024, 4032, null), ImageDecoding.Check("image/heic", MediaSamples.HeifFile(turned: true), Cap).Facts);
        Assert.Equal(MediaFacts.Unknown, ImageDecoding.Check("image/png", MediaSamples.Head("image/png"), Cap).Facts); // refused: nothing measured
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void The_first_bytes_of_a_type_followed_by_noise_do_not_decode(string type)
    {
        var problem = ImageDecoding.Problem(type, MediaSamples.Head(type), Cap);

        Assert.NotNull(problem);
        Assert.DoesNotContain("pixels", problem);
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    public void A_photo_cut_short_does_not_decode(string type)
    {
        var photo = MediaSamples.Encoded(type);

        Assert.Contains("does not decode", ImageDecoding.Problem(type, photo[..(photo.Length * 2 / 3)], Cap));
    }

    [Fact]
    public void A_photo_of_another_type_than_declared_does_not_decode()
    {
        Assert.Equal("it does not decode as image/jpeg", ImageDecoding.Problem("image/jpeg", MediaSamples.Png(), Cap));
        Assert.Equal("it does not decode as image/webp", ImageDecoding.Problem("image/webp", MediaSamples.Jpeg(), Cap));
    }

    [Fact]
    public void A_png_whose_image_data_is_corrupt_does_not_decode()
    {
        var png = MediaSamples.Encoded("image/png");
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        var corrupt = (byte[])png.Clone();
        for (var i = idat + 6; i < idat + 30 && i < png.Length - 16; i++) corrupt[i] ^= 0x5A;
        // The chunk's CRC no longer matches (libpng refuses a critical chunk for that alone); set it right, so the
        // refusal is the decoder's: the compressed data itself is broken.
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(corrupt.AsSpan(idat - 4));
        BinaryPrimitives.WriteUInt32BigEndian(corrupt.AsSpan(idat + 4 + length), MediaSamples.Crc32(corrupt[idat..(idat + 4 + length)]));

        Assert.Contains("does not decode", ImageDecoding.Problem("image/png", corrupt, Cap));
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void A_photo_larger_than_the_cap_is_refused_before_it_is_decoded(string type)
    {
        var problem = ImageDecoding.Problem(type, Whole(type), maxPixels: 100);

        Assert.Contains("pixels are more than the 100 allowed", problem);
    }

    [Fact]
    public void A_small_png_declaring_a_huge_picture_is_refused_by_its_header()
    {
        var bomb = (byte[])MediaSamples.Encoded("image/png").Clone();
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(16), 100_000); // IHDR width
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(20), 100_000); // and height
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(29), MediaSamples.Crc32(bomb[12..29]));

        Assert.Equal("its 100000×100000 pixels are more than the 250,000,000 allowed", ImageDecoding.Problem("image/png", bomb, Cap));
    }

    [Fact]
    public void An_interlaced_png_above_the_buffered_cap_is_refused()
    {
        var png = (byte[])MediaSamples.Encoded("image/png").Clone();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 8_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 6_000);
        png[28] = 1; // Adam7
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), MediaSamples.Crc32(png[12..29]));

        Assert.Equal("an interlaced or progressive picture may have at most 30,000,000 pixels", ImageDecoding.Problem("image/png", png, Cap));
        png[28] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), MediaSamples.Crc32(png[12..29]));
        Assert.Contains("does not decode", ImageDecoding.Problem("image/png", png, Cap)); // the same size, not interlaced: decoded (and short)
    }

    [Fact]
    public void A_heic_must_describe_a_picture_it_holds()
    {
        var heic = MediaSamples.Heic();

        Assert.Equal("its HEIF meta box does not hold pictures", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "pict"u8, "soun"u8), Cap));
        Assert.Equal("its primary picture is not among its items", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "pitm\0\0\0\0\0\u0001"u8, "pitm\0\0\0\0\0\u0009"u8), Cap));
        Assert.Equal("its primary picture is of type 'Exif', not HEVC", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "hvc1"u8, "Exif"u8), Cap));
        Assert.Equal("it has no HEVC decoder configuration", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "hvcC"u8, "free"u8), Cap));
        Assert.Equal("it declares no picture size", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "ispe"u8, "free"u8), Cap));
        Assert.Equal("it has no HEIF meta box", ImageDecoding.Problem("image/heic", MediaSamples.Overwrite(heic, "meta"u8, "free"u8), Cap));
        Assert.Equal("a picture's data is missing or lies outside the file", ImageDecoding.Problem("image/heic", heic[..^10], Cap));
        Assert.Equal("its 4032×3024 pixels are more than the 1,000,000 allowed", ImageDecoding.Problem("image/heic", heic, 1_000_000));
        Assert.Null(ImageDecoding.Problem("image/heic", MediaSamples.HeifFile(4096, 100, 100), 10_000));
    }

    /// <summary>Whatever passes the magic-number check reaches the decoder: nothing a client sends may make it throw (a claim would answer 500).</summary>
    [Theory]
    [MemberData(nameof(Photos))]
    public void Mutated_and_truncated_photos_never_make_it_throw(string type)
    {
        var random = new Random(20261203);
        var photo = WithMetadata(type);
        for (var round = 0; round < 400; round++)
        {
            var bytes = photo[..random.Next(1, photo.Length + 1)];
            for (var flips = random.Next(1, 8); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            _ = ImageDecoding.Problem(type, bytes, Cap);
        }
    }

    private static byte[] Whole(string type, int length = 2048) => type switch
    {
        "image/jpeg" => MediaSamples.Jpeg(length),
        "image/png" => MediaSamples.Png(length),
        "image/webp" => MediaSamples.WebP(length),
        _ => MediaSamples.Heic(length),
    };

    private static byte[] WithMetadata(string type) => type switch
    {
        "image/jpeg" => PhotoSamples.Jpeg(),
        "image/png" => PhotoSamples.Png(),
        "image/webp" => PhotoSamples.WebP(),
        _ => PhotoSamples.Heic().File,
    };
}
