using System.Buffers.Binary;
using System.Text;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;

namespace Fowergram.Tests.Platform.Media;

/// <summary>
/// <see cref="VideoMetadata"/>: every way a movie says where it was recorded is blanked in place, the file keeps its size,
/// its structure and everything else it says.
/// </summary>
public sealed class VideoMetadataTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_location_a_phone_or_editor_writes_is_blanked_and_nothing_else_changes(bool isoMeta)
    {
        var movie = VideoSamples.Located(isoMeta: isoMeta);
        var (problem, facts, location) = await VideoStructureTests.CheckAsync(movie);
        Assert.Null(problem);

        var cleaned = Apply(movie, location);

        var text = Encoding.UTF8.GetString(cleaned);
        Assert.All(VideoSamples.Places, place => Assert.Contains(place, Encoding.UTF8.GetString(movie)));
        Assert.All(VideoSamples.Places, place => Assert.DoesNotContain(place, text));
        Assert.Contains(VideoSamples.Make, text);
        Assert.Contains(VideoSamples.Title, text);
        Assert.Contains("com.apple.quicktime.location.ISO6709", text); // the key's name says nothing; its value is gone
        // The boxes lie close together in the movie box: one run, and the file is what it was to a player.
        Assert.Single(location);
        AssertOnlyPatchedBytesChanged(movie, cleaned, location);
        var again = await VideoStructureTests.CheckAsync(cleaned);
        Assert.Equal((null, facts), (again.Problem, again.Facts));
        Assert.Empty(again.Location);
        Assert.Equal(new MediaFacts(720, 1280, 12), facts);
    }

    [Fact]
    public async Task Each_blanked_box_becomes_a_free_box_of_the_same_size_with_nothing_in_it()
    {
        var movie = VideoSamples.Located();
        var cleaned = Apply(movie, (await VideoStructureTests.CheckAsync(movie)).Location);

        AssertBlanked(movie, cleaned, IndexOf(movie, VideoSamples.AndroidPlace) - 12); // size, type, length and language
    }

    [Fact]
    public void Boxes_far_apart_are_blanked_by_runs_of_their_own_and_close_ones_share_one()
    {
        // What lies between (here a free box; in a movie, a track's sample tables) is carried only when it is short.
        byte[] Place(string place) => MediaSamples.Box("udta", MediaSamples.Box([0xA9, (byte)'x', (byte)'y', (byte)'z'], Encoding.UTF8.GetBytes(place)));
        byte[] Gap(int length) => MediaSamples.Box("free", new byte[length - 8]);
        byte[] container = [.. Place("first"), .. Gap(VideoMetadata.RunGap + 1), .. Place("second"), .. Gap(VideoMetadata.RunGap - 8), .. Place("third")];

        var runs = VideoMetadata.LocationPatches(container, 5000);

        Assert.Equal(2, runs.Count);
        Assert.Equal((5000L + 8, 13), (runs[0].Offset, runs[0].Bytes.Length)); // the ©xyz inside the first udta
        var second = container.AsSpan().IndexOf("second"u8) - 8;
        Assert.Equal((5000L + second, 5000L + container.Length), (runs[1].Offset, runs[1].End)); // through the third
        Assert.Equal(container[(second + 14)..^13], runs[1].Bytes[14..^13]); // the bytes between carried unchanged
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_top_level_XMP_packet_becomes_a_free_box_of_its_size_and_a_vendors_uuid_box_stays(bool largeSize)
    {
        var movie = VideoSamples.WithPacket(VideoSamples.Located(), largeSize);
        var (problem, facts, location) = await VideoStructureTests.CheckAsync(movie);
        Assert.Null(problem);

        var cleaned = Apply(movie, location);

        // The movie box's run, and the packet's after the media data: nothing between them is read or written.
        Assert.Equal(2, location.Count);
        var packet = movie.AsSpan().IndexOf(VideoSamples.XmpUuid) - (largeSize ? 16 : 8);
        Assert.Equal((packet + 4L, movie.Length - packet - 4 - 8 - 16 - VideoSamples.VendorNote.Length), (location[1].Offset, location[1].Bytes.Length));
        AssertBlanked(movie, cleaned, packet);
        Assert.DoesNotContain(VideoSamples.PacketPlace, Encoding.UTF8.GetString(cleaned));
        Assert.EndsWith(VideoSamples.VendorNote, Encoding.UTF8.GetString(cleaned));
        AssertOnlyPatchedBytesChanged(movie, cleaned, location);
        var again = await VideoStructureTests.CheckAsync(cleaned);
        Assert.Equal((null, facts), (again.Problem, again.Facts));
        Assert.Empty(again.Location);
    }

    [Fact]
    public async Task Places_in_movie_and_track_fragments_are_blanked_within_each_fragment()
    {
        var movie = VideoSamples.Fragmented();
        var (problem, facts, location) = await VideoStructureTests.CheckAsync(movie);
        Assert.Null(problem);

        var cleaned = Apply(movie, location);

        var text = Encoding.UTF8.GetString(cleaned);
        Assert.All(VideoSamples.FragmentPlaces, place => Assert.Contains(place, Encoding.UTF8.GetString(movie)));
        Assert.All(VideoSamples.FragmentPlaces, place => Assert.DoesNotContain(place, text));
        Assert.Contains(VideoSamples.Title, text);
        Assert.Contains(VideoSamples.Make, text);
        // One run per fragment, each inside its moof: the media data between them is neither read nor written.
        var fragments = Boxes(movie).Where(box => box.Type == "moof").ToList();
        Assert.Equal(2, location.Count);
        Assert.All(location.Zip(fragments), pair => Assert.True(pair.First.Offset > pair.Second.Start && pair.First.End <= pair.Second.End));
        AssertBlanked(movie, cleaned, IndexOf(movie, VideoSamples.TrackFragmentPlace) - 12);
        AssertBlanked(movie, cleaned, IndexOf(movie, VideoSamples.FragmentPlace) - 12);
        AssertOnlyPatchedBytesChanged(movie, cleaned, location);
        var again = await VideoStructureTests.CheckAsync(cleaned);
        Assert.Equal((null, facts), (again.Problem, again.Facts));
        Assert.Empty(again.Location);
    }

    [Fact]
    public async Task A_movie_that_names_no_place_needs_no_patch()
    {
        Assert.Empty((await VideoStructureTests.CheckAsync(VideoSamples.Unlocated())).Location);
        Assert.Empty((await VideoStructureTests.CheckAsync(MediaSamples.Mp4())).Location);
    }

    [Fact]
    public async Task A_refused_movie_gets_no_patch()
    {
        foreach (var movie in new[] { VideoSamples.Located(), VideoSamples.WithPacket(VideoSamples.Located()), VideoSamples.Fragmented() })
        {
            var (problem, _, location) = await VideoStructureTests.CheckAsync(movie[..^1]);
            Assert.NotNull(problem);
            Assert.Empty(location);
        }
    }

    [Fact]
    public void An_XMP_uuid_box_inside_the_movie_a_track_or_user_data_is_blanked_and_a_vendors_stays()
    {
        byte[] Xmp(string place) => MediaSamples.Box("uuid", [.. VideoSamples.XmpUuid, .. Encoding.UTF8.GetBytes(place)]);
        var vendor = MediaSamples.Box("uuid", [.. new byte[16], .. "kept"u8]);
        byte[] movie = [.. MediaSamples.Box("mvhd", new byte[100]), .. Xmp("in moov"), .. vendor,
            .. MediaSamples.Box("trak", [.. MediaSamples.Box("tkhd", new byte[84]), .. Xmp("in trak")]), .. MediaSamples.Box("udta", Xmp("in udta"))];

        var cleaned = Encoding.UTF8.GetString(Apply(movie, VideoMetadata.LocationPatches(movie, 0)));

        Assert.All(new[] { "in moov", "in trak", "in udta" }, place => Assert.DoesNotContain(place, cleaned));
        Assert.Contains("kept", cleaned);
    }

    [Fact]
    public void User_data_whose_boxes_run_past_their_parent_is_left_as_it_is()
    {
        // A udta claiming more than the movie holds: its boxes cannot be read, so nothing in it is touched.
        byte[] movie = [.. MediaSamples.Box("mvhd", new byte[100]), .. MediaSamples.BigEndian(4000), .. "udta"u8, .. new byte[40]];
        Assert.Empty(VideoMetadata.LocationPatches(movie, 1000));
    }

    [Fact]
    public void Metadata_with_a_cut_keys_box_still_loses_its_iTunes_place_and_the_user_data_beside_it()
    {
        // A keys box too short for its entry count: the key-typed items cannot be told apart, the rest is still found.
        byte[] Xyz(string place) => MediaSamples.Box([0xA9, (byte)'x', (byte)'y', (byte)'z'], Encoding.UTF8.GetBytes(place));
        byte[] movie = [.. MediaSamples.Box("meta", [.. MediaSamples.Box("hdlr", new byte[25]), .. MediaSamples.Box("keys", [0, 0]),
            .. MediaSamples.Box("ilst", Xyz("in meta"))]), .. MediaSamples.Box("udta", Xyz("in udta"))];

        var cleaned = Apply(movie, VideoMetadata.LocationPatches(movie, 0));

        Assert.DoesNotContain("in meta", Encoding.UTF8.GetString(cleaned));
        Assert.DoesNotContain("in udta", Encoding.UTF8.GetString(cleaned));
    }

    internal static byte[] Apply(byte[] file, IReadOnlyList<BytePatch> patches)
    {
        var copy = file.ToArray();
        foreach (var patch in patches) patch.Bytes.CopyTo(copy, patch.Offset);
        return copy;
    }

    /// <summary>The patches are in order, apart, inside the file, and no byte outside them changed.</summary>
    internal static void AssertOnlyPatchedBytesChanged(byte[] before, byte[] after, IReadOnlyList<BytePatch> patches)
    {
        Assert.Equal(before.Length, after.Length);
        long at = 0;
        foreach (var patch in patches)
        {
            Assert.InRange(patch.Offset, at, before.Length);
            Assert.Equal(before[(int)at..(int)patch.Offset], after[(int)at..(int)patch.Offset]);
            at = patch.End;
        }
        Assert.InRange(at, 0, before.Length);
        Assert.Equal(before[(int)at..], after[(int)at..]);
    }

    /// <summary>The box at <paramref name="start"/> kept its size field and became a free box of zeros.</summary>
    private static void AssertBlanked(byte[] before, byte[] after, int start)
    {
        var large = BinaryPrimitives.ReadUInt32BigEndian(before.AsSpan(start)) == 1;
        var size = (int)(large ? BinaryPrimitives.ReadUInt64BigEndian(before.AsSpan(start + 8)) : BinaryPrimitives.ReadUInt32BigEndian(before.AsSpan(start)));
        var header = large ? 16 : 8;
        Assert.Equal(before[start..(start + 4)], after[start..(start + 4)]);
        Assert.Equal("free"u8.ToArray(), after[(start + 4)..(start + 8)]);
        Assert.Equal(before[(start + 8)..(start + header)], after[(start + 8)..(start + header)]);
        Assert.All(after[(start + header)..(start + size)], b => Assert.Equal(0, b));
    }

    /// <summary>The top-level boxes: type, start, end.</summary>
    private static IEnumerable<(string Type, long Start, long End)> Boxes(byte[] file)
    {
        for (var at = 0; at < file.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            yield return (Encoding.ASCII.GetString(file, at + 4, 4), at, at + size);
            at += size;
        }
    }

    private static int IndexOf(byte[] bytes, string find) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(find));
}
