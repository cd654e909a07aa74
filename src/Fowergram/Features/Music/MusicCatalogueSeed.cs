using Dapper;
using Fowergram.Platform.Data;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>
/// A small curated catalogue for development (the <c>seed</c> verb): invented artists with realistic
/// metadata, fixed ids (so seeding twice, or twice at once, inserts each track once) and no provider URLs.
/// </summary>
public sealed class MusicCatalogueSeed(NpgsqlDataSource db, TimeProvider time) : IDevelopmentSeed
{
    public static readonly IReadOnlyList<SeedTrack> Tracks =
    [
        new(new Guid("0190a1c0-5a00-7000-8000-000000000001"), "Golden Hour Drive", "Marlowe Vance", "Coastline Radio", 214, "Indie Pop", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000002"), "Neon Tides", "The Paper Lanterns", "After Midnight", 198, "Synthwave", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000003"), "Sunflower Fields", "Ada Quinn", "Wildflower Sessions", 176, "Folk", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000004"), "Concrete Bloom", "KAIRO", "City Pulse", 162, "Hip-Hop", true),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000005"), "Slow Dance in the Kitchen", "June & the Harbour", "Small Hours", 231, "Soul", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000006"), "Paper Planes Over Lisbon", "Tomás Reyes", "Postcards", 189, "Latin Pop", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000007"), "Static Hearts", "Velvet Arcade", "Signal Loss", 205, "Alternative Rock", false),
        new(new Guid("0190a1c0-5a00-7000-8000-000000000008"), "Morning Pages", "Lumen Trio", "Quiet Rooms", 240, "Lo-fi", false),
    ];

    private const string Insert = """
        INSERT INTO music_tracks (id, title, artist, album, duration, genre, is_explicit, created_at)
        SELECT * FROM unnest(@ids, @titles, @artists, @albums, @durations, @genres, @explicit, @createdAt)
        ON CONFLICT (id) DO NOTHING
        """;

    public string Name => "music catalogue";

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(Insert, new
        {
            ids = Tracks.Select(t => t.Id).ToArray(),
            titles = Tracks.Select(t => t.Title).ToArray(),
            artists = Tracks.Select(t => t.Artist).ToArray(),
            albums = Tracks.Select(t => t.Album).ToArray(),
            durations = Tracks.Select(t => t.DurationSeconds).ToArray(),
            genres = Tracks.Select(t => t.Genre).ToArray(),
            @explicit = Tracks.Select(t => t.IsExplicit).ToArray(),
            createdAt = Tracks.Select(_ => time.GetUtcNow().UtcDateTime).ToArray(),
        }, cancellationToken: ct));
    }
}

public sealed record SeedTrack(Guid Id, string Title, string Artist, string Album, int DurationSeconds, string Genre, bool IsExplicit);
