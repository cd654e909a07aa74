using Fowergram.Features.Music;
using Fowergram.Platform.Data;
using Fowergram.Server;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Music;

/// <summary>Trending and the development seed, on a database of their own (trending ranks every track there is).</summary>
public sealed class MusicCatalogueTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly StoryClient _client = new(scratch.App);

    private IDevelopmentSeed Seed => scratch.App.Services.GetServices<IDevelopmentSeed>().OfType<MusicCatalogueSeed>().Single();

    [Fact]
    public async Task Seeding_twice_or_at_once_adds_the_catalogue_once()
    {
        var added = await Task.WhenAll(Seed.SeedAsync(default), Seed.SeedAsync(default));
        var again = await Seed.SeedAsync(default);

        Assert.Equal(MusicCatalogueSeed.Tracks.Count, added.Sum());
        Assert.Equal(0, again);
        var ids = MusicCatalogueSeed.Tracks.Select(t => t.Id).ToArray();
        Assert.Equal(ids.Length, await _client.ScalarAsync<long>("SELECT count(*) FROM music_tracks WHERE id = ANY(@ids)", new { ids }));
        var found = await _client.GetJsonAsync("/api/v1/music/tracks?q=golden%20hour", null);
        Assert.Equal("Marlowe Vance", found.GetProperty("items")[0].GetProperty("artist").GetString());
    }

    [Fact]
    public async Task Trending_ranks_tracks_by_recent_story_uses()
    {
        var (hot, warm, cold) = (await MusicTracks.InsertAsync(_client), await MusicTracks.InsertAsync(_client), await MusicTracks.InsertAsync(_client));
        var author = await _client.NewUserAsync();
        var stories = new List<Guid>();
        foreach (var track in new[] { hot, warm, hot, hot })
            stories.Add((await _client.CreateStoryAsync(author, fields: new { musicTrackId = track })).Id);
        await _client.SettleAsync([.. stories]);

        var trending = (await _client.GetJsonAsync("/api/v1/music/trending", null)).GetProperty("items").EnumerateArray().ToList();
        var top = await _client.GetJsonAsync("/api/v1/music/trending?limit=1", null);

        Assert.Equal([hot, warm], trending.Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([3, 1], trending.Select(t => t.GetProperty("recentUseCount").GetInt64()));
        Assert.Equal([3, 1], trending.Select(t => t.GetProperty("usageCount").GetInt64()));
        Assert.Equal(hot, Assert.Single(top.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.DoesNotContain(cold, trending.Select(t => t.GetProperty("id").GetGuid()));

        scratch.App.Clock.Advance(TimeSpan.FromDays(8)); // out of the 7-day window
        Assert.Empty((await _client.GetJsonAsync("/api/v1/music/trending", null)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_seed_verb_migrates_and_seeds_and_is_listed_in_the_help()
    {
        var data = Path.Combine(Path.GetTempPath(), "fowergram-tests", Guid.NewGuid().ToString("N"));
        var args = new[] { "seed", "--environment", "Development", "--ConnectionStrings:Fowergram", ScratchConnection(), "--Fowergram:DataDirectory", data };

        Assert.Equal(0, await ServerCli.RunAsync(args));
        Assert.Equal(0, await ServerCli.RunAsync(args));

        var ids = MusicCatalogueSeed.Tracks.Select(t => t.Id).ToArray();
        Assert.Equal(ids.Length, await _client.ScalarAsync<long>("SELECT count(*) FROM music_tracks WHERE id = ANY(@ids)", new { ids }));
        Assert.Contains("seed", ServerCli.Usage);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_seed_verb_refuses_production()
    {
        var data = Path.Combine(Path.GetTempPath(), "fowergram-tests", Guid.NewGuid().ToString("N"));
        var key = Convert.ToBase64String(new byte[32]);
        var args = new[]
        {
            "seed", "--environment", "Production", "--ConnectionStrings:Fowergram", ScratchConnection(), "--Fowergram:DataDirectory", data,
            "--Auth:SigningKey", key, "--Media:SigningKey", key, "--Email:Smtp:Host", "localhost", "--Media:PublicBaseUrl", "http://localhost",
        };

        Assert.Equal(1, await ServerCli.RunAsync(args));
    }

    private string ScratchConnection() =>
        scratch.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Fowergram"]!;
}
