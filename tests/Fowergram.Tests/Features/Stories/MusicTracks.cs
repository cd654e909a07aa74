namespace Fowergram.Tests.Features.Stories;

public static class MusicTracks
{
    /// <summary>A catalogue track with a unique title; returns its id.</summary>
    public static async Task<Guid> InsertAsync(StoryClient client, int duration = 180, string? title = null, string artist = "Test Artist")
    {
        var id = Guid.CreateVersion7();
        await client.ExecAsync("INSERT INTO music_tracks (id, title, artist, duration) VALUES (@id, @title, @artist, @duration)",
            new { id, title = title ?? "Track " + id.ToString("N"), artist, duration });
        return id;
    }
}
