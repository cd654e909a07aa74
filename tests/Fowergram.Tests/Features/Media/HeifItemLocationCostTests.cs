using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using static Fowergram.Tests.Features.Media.MediaSamples;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A HEIC's item locations (<c>iloc</c>) are read to check that every picture's data lies inside the file. A small crafted
/// file once cost that check minutes of CPU in the claiming request: entries with 65,535 extents of no bytes each were walked
/// extent by extent, and the whole box was read again for every picture item. It must be refused (or accepted) at once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HeifItemLocationCostTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static byte[] Heic(byte[] iinf, byte[] iloc) =>
    [
        .. Ftyp("heic", "mif1", "heic"),
        .. Box("meta", [0, 0, 0, 0,
            .. Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "pict"u8, .. new byte[12], 0]),
            .. Box("pitm", [0, 0, 0, 0, 0, 1]),
            .. Box("iinf", [0, 0, 0, 0, 0, 1, .. iinf]),
            .. Box("iloc", iloc)]),
        .. Box("mdat", new byte[64]),
    ];

    private static byte[] Picture(int id) => Box("infe", [2, 0, 0, 0, (byte)(id >> 8), (byte)id, 0, 0, .. "hvc1"u8, 0]);

    /// <summary>iloc version 1 with every field size 0: 65,534 items of 65,535 empty extents each, then the picture's, empty.</summary>
    private static byte[] EmptyExtents()
    {
        const int items = 65_535;
        var iloc = new List<byte> { 1, 0, 0, 0, 0x00, 0x00, items >> 8, items & 0xFF };
        for (var id = 2; id <= items; id++) iloc.AddRange([(byte)(id >> 8), (byte)id, 0, 0, 0, 0, 0xFF, 0xFF]);
        iloc.AddRange([0, 1, 0, 0, 0, 0, 0, 1]);
        return Heic(Picture(1), [.. iloc]);
    }

    /// <summary>30,000 picture items, each located by one extent of 4-byte offset and length, all pointing at the file's first bytes.</summary>
    private static byte[] ManyPictures()
    {
        const int items = 30_000;
        var iloc = new List<byte> { 1, 0, 0, 0, 0x44, 0x00, items >> 8, items & 0xFF };
        for (var id = 1; id <= items; id++) iloc.AddRange([(byte)(id >> 8), (byte)id, 0, 0, 0, 0, 0, 1, .. BigEndian(0), .. BigEndian(16)]);
        return Heic([.. Enumerable.Range(1, items).SelectMany(Picture)], [.. iloc]);
    }

    public static TheoryData<string> Files() => new() { nameof(EmptyExtents), nameof(ManyPictures) };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_heic_with_a_costly_item_location_box_is_answered_at_once(string file)
    {
        var user = await _posts.NewUserAsync();
        var (slot, _) = await _posts.Media.UploadedAsync(user, "post", "image/heic", file == nameof(EmptyExtents) ? EmptyExtents() : ManyPictures());

        var created = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } })
            .WaitAsync(TimeSpan.FromSeconds(10));

        await created.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("rejected", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
    }
}
