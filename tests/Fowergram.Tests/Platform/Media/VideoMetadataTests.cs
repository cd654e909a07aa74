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

        var cleaned = Apply(movie, location!);

        var text = Encoding.UTF8.GetString(cleaned);
        Assert.All(VideoSamples.Places, place => Assert.Contains(place, Encoding.UTF8.GetString(movie)));
        Assert.All(VideoSamples.Places, place => Assert.DoesNotContain(place, text));
        Assert.Contains(VideoSamples.Make, text);
        Assert.Contains(VideoSamples.Title, text);
        Assert.Contains("com.apple.quicktime.location.ISO6709", text); // the key's name says nothing; its value is gone
        Assert.Equal(movie.Length, cleaned.Length);
        // Only the run the patch names changed, and the file is what it was to a player: same structure, same facts.
        Assert.Equal(movie[..(int)location!.Offset], cleaned[..(int)location.Offset]);
        Assert.Equal(movie[((int)location.Offset + location.Bytes.Length)..], cleaned[((int)location.Offset + location.Bytes.Length)..]);
        var again = await VideoStructureTests.CheckAsync(cleaned);
        Assert.Equal((null, facts, null), again);
        Assert.Equal(new MediaFacts(720, 1280, 12), facts);
    }

    [Fact]
    public async Task Each_blanked_box_becomes_a_free_box_of_the_same_size_with_nothing_in_it()
    {
        var movie = VideoSamples.Located();
        var cleaned = Apply(movie, (await VideoStructureTests.CheckAsync(movie)).Location!);

        var xyz = IndexOf(movie, Encoding.UTF8.GetBytes(VideoSamples.AndroidPlace)) - 12; // size, type, length and language
        Assert.Equal(movie[xyz..(xyz + 4)], cleaned[xyz..(xyz + 4)]);
        Assert.Equal("free"u8.ToArray(), cleaned[(xyz + 4)..(xyz + 8)]);
        var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(movie.AsSpan(xyz));
        Assert.All(cleaned[(xyz + 8)..(xyz + size)], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_movie_that_names_no_place_needs_no_patch()
    {
        Assert.Null((await VideoStructureTests.CheckAsync(VideoSamples.Unlocated())).Location);
        Assert.Null((await VideoStructureTests.CheckAsync(MediaSamples.Mp4())).Location);
    }

    [Fact]
    public async Task A_refused_movie_gets_no_patch()
    {
        var movie = VideoSamples.Located();
        var (problem, _, location) = await VideoStructureTests.CheckAsync(movie[..^1]);
        Assert.NotNull(problem);
        Assert.Null(location);
    }

    [Fact]
    public void User_data_whose_boxes_run_past_their_parent_is_left_as_it_is()
    {
        // A udta claiming more than the movie holds: its boxes cannot be read, so nothing in it is touched.
        byte[] movie = [.. MediaSamples.Box("mvhd", new byte[100]), .. MediaSamples.BigEndian(4000), .. "udta"u8, .. new byte[40]];
        Assert.Null(VideoMetadata.LocationPatch(movie, 1000));
    }

    private static byte[] Apply(byte[] file, BytePatch patch)
    {
        var copy = file.ToArray();
        patch.Bytes.CopyTo(copy, patch.Offset);
        return copy;
    }

    private static int IndexOf(byte[] bytes, byte[] find) => bytes.AsSpan().IndexOf(find);
}
