using Fowergram.Features.Music;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Music;

[Collection(ApiCollection.Name)]
public sealed class MusicSearchTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task Search_matches_title_or_artist_in_any_case_most_used_first_with_exact_usage_counts()
    {
        var token = "tok" + Guid.NewGuid().ToString("N")[..10];
        var byTitle = await MusicTracks.InsertAsync(_client, title: $"Night {token.ToUpperInvariant()} Drive");
        var byArtist = await MusicTracks.InsertAsync(_client, title: "Harbour Lights", artist: $"The {token} Band");
        await MusicTracks.InsertAsync(_client, title: "Unrelated " + Guid.NewGuid().ToString("N"));
        var author = await _client.NewUserAsync();
        var stories = new List<Guid>();
        for (var i = 0; i < 3; i++) stories.Add((await _client.CreateStoryAsync(author, fields: new { musicTrackId = byArtist })).Id);
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{stories[0]}", author); // a use stays a use
        await _client.SettleAsync([.. stories]);

        var found = (await _client.GetJsonAsync($"/api/v1/music/tracks?q={token}", null)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([byArtist, byTitle], found.Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([3, 0], found.Select(t => t.GetProperty("usageCount").GetInt64()));
        Assert.Equal(3, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE music_track_id = @byArtist", new { byArtist }));
        Assert.Equal(180, found[0].GetProperty("durationSeconds").GetInt32());
    }

    [Fact]
    public async Task Wildcards_in_the_search_term_are_literal()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        var percent = await MusicTracks.InsertAsync(_client, title: $"100% {token}");
        await MusicTracks.InsertAsync(_client, title: $"1000 {token}");
        await MusicTracks.InsertAsync(_client, title: $"10_ {token}");

        var found = await _client.GetJsonAsync($"/api/v1/music/tracks?q={Uri.EscapeDataString("0% " + token)}", null);

        Assert.Equal([percent], found.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
    }

    /// <summary>
    /// q's 100 characters are counted as every limit counts them (code points, docs/api.md "Text limits"): a title of rare CJK
    /// characters, each two UTF-16 units, is found by its whole name, not refused as 200 characters long.
    /// </summary>
    [Fact]
    public async Task A_term_of_100_characters_outside_the_BMP_is_searched()
    {
        var title = string.Concat(Enumerable.Repeat("\U00020000", MusicApi.QueryMax - 10)) + Guid.NewGuid().ToString("N")[..10];
        var track = await MusicTracks.InsertAsync(_client, title: title);

        var found = await _client.GetJsonAsync($"/api/v1/music/tracks?q={Uri.EscapeDataString(title)}", null);

        Assert.Equal([track], found.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        await (await _client.GetAsync($"/api/v1/music/tracks?q={Uri.EscapeDataString(title + "x")}", null)).AssertValidationErrorAsync("q");
    }

    [Fact]
    public async Task Bad_search_parameters_are_400s()
    {
        await (await _client.GetAsync("/api/v1/music/tracks?limit=0", null)).AssertValidationErrorAsync("limit");
        await (await _client.GetAsync("/api/v1/music/tracks?limit=x", null)).AssertValidationErrorAsync("limit");
        await (await _client.GetAsync($"/api/v1/music/tracks?q={new string('a', 101)}", null)).AssertValidationErrorAsync("q");
        await (await _client.GetAsync("/api/v1/music/tracks?q=a%00b", null)).AssertValidationErrorAsync("q");
        await (await _client.GetAsync("/api/v1/music/trending?limit=51", null)).AssertValidationErrorAsync("limit");
        Assert.Equal(2, (await _client.GetJsonAsync("/api/v1/music/tracks?limit=2", null)).GetProperty("items").GetArrayLength());
    }
}
