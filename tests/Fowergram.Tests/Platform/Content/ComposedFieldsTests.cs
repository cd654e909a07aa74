using System.Net;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// Text a user writes for others to read is stored composed (Unicode NFC; docs/api.md "Composed text"): "é" typed as e and
/// U+0301 (macOS, some keyboards) is stored as the one code point U+00E9, so search finds it typed either way and a limit
/// counts the letters shown. Until session 54 only captions, comments and places were; names, bios, notes, messages, video,
/// series, collection and highlight names and story stickers were stored as typed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ComposedFieldsTests(FowergramApp app)
{
    private const string Decomposed = "Jose\u0301 Caf\u0065\u0301";
    private const string Composed = "Jos\u00e9 Caf\u00e9";

    private readonly PostsClient _posts = new(app);
    private readonly DmClient _dm = new(app);
    private readonly VideosClient _videos = new(app);
    private readonly StoryClient _stories = new(app);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Fact]
    public async Task A_decomposed_profile_name_and_bio_are_stored_composed_and_the_name_is_found_typed_either_way()
    {
        var user = await _posts.NewUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { fullName = $"{Decomposed} {marker}", bio = Decomposed }))
            .ReadJsonAsync();

        Assert.Equal($"{Composed} {marker}", await _posts.ScalarAsync<string>("SELECT full_name FROM users WHERE id = @id", new { id = user.Id }));
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT bio FROM users WHERE id = @id", new { id = user.Id }));
        foreach (var typed in new[] { $"Jose\u0301 Caf\u0065\u0301 {marker}", $"Jos\u00e9 Caf\u00e9 {marker}" })
        {
            var found = await (await _posts.GetAsync($"/api/v1/users/search?q={Uri.EscapeDataString(typed)}", user)).ReadJsonAsync();
            Assert.Contains(user.Id, found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }
    }

    [Fact]
    public async Task A_profile_name_is_measured_as_composed_so_64_accented_letters_typed_decomposed_fit()
    {
        var user = await _posts.NewUserAsync();
        var response = await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { fullName = Repeat("e\u0301", 64) });
        await response.ReadJsonAsync();
        Assert.Equal(Repeat("\u00e9", 64), await _posts.ScalarAsync<string>("SELECT full_name FROM users WHERE id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task A_name_given_at_registration_is_stored_composed()
    {
        var account = await app.Client.RegisterAsync(fullName: Decomposed);
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT full_name FROM users WHERE id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task A_decomposed_note_is_stored_composed_and_its_limit_counts_letters()
    {
        var user = await _posts.NewUserAsync();
        var note = await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", user, new { text = Repeat("e\u0301", 60) }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(Repeat("\u00e9", 60), note.GetProperty("text").GetString());
        Assert.Equal(Repeat("\u00e9", 60), await _posts.ScalarAsync<string>("SELECT text FROM notes WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task A_decomposed_direct_message_and_its_edit_are_stored_composed_and_found_by_a_search_typed_either_way()
    {
        var (a, _, thread) = await _dm.FriendsAsync();
        var sent = await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = $"un {Decomposed}" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = sent.GetProperty("id").GetGuid();
        Assert.Equal($"un {Composed}", await _posts.ScalarAsync<string>("SELECT content FROM messages WHERE id = @id", new { id }));
        foreach (var typed in new[] { "Jose\u0301", "Jos\u00e9" })
        {
            var found = await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages/search?q={Uri.EscapeDataString(typed)}", a);
            Assert.Equal([id], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{id}", a, new { text = $"deux {Decomposed}" })).ReadJsonAsync();
        Assert.Equal($"deux {Composed}", await _posts.ScalarAsync<string>("SELECT content FROM messages WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_decomposed_group_name_is_stored_composed()
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var group = await _dm.OpenAsync(a, new { userIds = new[] { b.Id, c.Id }, name = Decomposed });
        Assert.Equal(Composed, group.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_decomposed_collection_name_and_description_are_stored_composed_on_create_and_rename()
    {
        var user = await _posts.NewUserAsync();
        var created = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", user, new { name = Decomposed, description = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Composed}|{Composed}", await _posts.ScalarAsync<string>(
            "SELECT name || '|' || description FROM collections WHERE id = @id", new { id }));
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{id}", user, new { name = "Ete\u0301" })).ReadJsonAsync();
        Assert.Equal("Et\u00e9", await _posts.ScalarAsync<string>("SELECT name FROM collections WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Decomposed_video_and_series_titles_and_descriptions_are_stored_composed()
    {
        var user = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(user, Decomposed);
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT title FROM igtv_series WHERE id = @series", new { series }));
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/series/{series}", user, new { description = Decomposed })).ReadJsonAsync();
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT description FROM igtv_series WHERE id = @series", new { series }));

        var video = await _videos.CreateVideoAsync(user, Repeat("e\u0301", 100)); // 100 letters, 200 code points typed
        Assert.Equal(Repeat("\u00e9", 100), video.GetProperty("title").GetString());
        var id = video.GetProperty("id").GetGuid();
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", user, new { title = Decomposed })).ReadJsonAsync();
        Assert.Equal(Composed, (await (await _videos.GetAsync($"/api/v1/videos/{id}", user)).ReadJsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Decomposed_story_stickers_answers_and_highlight_titles_are_stored_composed()
    {
        var (author, viewer) = (await _stories.NewUserAsync(), await _stories.NewUserAsync());
        var (story, _) = await _stories.CreateStoryAsync(author, fields: new
        {
            poll = new { question = Decomposed, option1 = "Oui\u0301", option2 = "Non" },
            question = new { text = Decomposed },
        });
        Assert.Equal($"{Composed}|Ou\u00ed", await _posts.ScalarAsync<string>(
            "SELECT question || '|' || option1 FROM story_polls WHERE story_id = @story", new { story }));
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT question_text FROM story_questions WHERE story_id = @story", new { story }));

        await (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/question/responses", viewer, new { text = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(Composed, await _posts.ScalarAsync<string>(
            "SELECT r.response_text FROM story_question_responses r JOIN story_questions q ON q.id = r.question_id WHERE q.story_id = @story",
            new { story }));

        var highlight = await (await _stories.SendAsync(HttpMethod.Post, "/api/v1/highlights", author, new { title = Repeat("e\u0301", 50), storyIds = new[] { story } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = highlight.GetProperty("id").GetGuid();
        Assert.Equal(Repeat("\u00e9", 50), await _posts.ScalarAsync<string>("SELECT title FROM highlights WHERE id = @id", new { id }));
        await (await _stories.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", author, new { title = Decomposed })).ReadJsonAsync();
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT title FROM highlights WHERE id = @id", new { id }));
    }
}
