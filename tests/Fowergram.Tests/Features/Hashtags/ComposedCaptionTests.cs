using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// Captions and comments are parsed and stored composed (Unicode NFC, ComposedText.WrittenAsync; docs/posts.md "Caption
/// parsing"). Typed decomposed (e and U+0301, as macOS keyboards send), a caption was stored as typed and its hashtags were
/// measured uncomposed: "#" and 60 × "é" is 120 code points so, over a hashtag's 100, it stayed plain text, though the tag it
/// names is 60 letters long.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ComposedCaptionTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    /// <summary>A hashtag of 60 é and a suffix of its own, decomposed (128 code points) and composed (68).</summary>
    private static (string Decomposed, string Composed) LongAccentedTag()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return (Repeat("e\u0301", 60) + suffix, Repeat("\u00e9", 60) + suffix);
    }

    [Fact]
    public async Task A_decomposed_post_caption_is_stored_composed_and_its_long_accented_hashtag_and_mention_are_linked()
    {
        var (author, named) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var (tag, name) = LongAccentedTag();
        var post = await Posts.CreatePostAsync(author, $"Cafe\u0301 with @{named.Username} #{tag}");
        var id = post.GetProperty("id").GetGuid();
        await Posts.SettleAsync(id);

        var composed = $"Caf\u00e9 with @{named.Username} #{name}";
        Assert.Equal(composed, post.GetProperty("caption").GetString());
        Assert.Equal(composed, (await (await Posts.GetAsync($"/api/v1/posts/{id}", author)).ReadJsonAsync()).GetProperty("caption").GetString());
        Assert.Equal(composed, await Posts.ScalarAsync<string>("SELECT caption FROM posts WHERE id = @id", new { id }));
        var page = await (await Posts.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(tag)}", null)).ReadJsonAsync();
        Assert.Equal(name, page.GetProperty("name").GetString());
        Assert.Equal([id], page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(1, await Posts.ScalarAsync<long>("SELECT count(*) FROM post_mentions WHERE post_id = @id AND user_id = @user",
            new { id, user = named.Id }));
    }

    [Fact]
    public async Task A_decomposed_caption_edit_is_stored_composed_and_retags_the_post()
    {
        var author = await Posts.NewUserAsync();
        var (tag, name) = LongAccentedTag();
        var id = await Posts.PostIdAsync(author, "plain");
        var edited = await (await Posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{id}", author, new { caption = $"Cafe\u0301 #{tag}" })).ReadJsonAsync();
        await Posts.SettleAsync(id);

        Assert.Equal($"Caf\u00e9 #{name}", edited.GetProperty("caption").GetString());
        Assert.Equal([name], await Posts.QueryAsync<string>(
            "SELECT h.name FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = @id", new { id }));
    }

    [Fact]
    public async Task A_decomposed_reel_caption_is_stored_composed_and_its_long_accented_hashtag_is_linked()
    {
        var author = await _reels.NewUserAsync();
        var (tag, name) = LongAccentedTag();
        var reel = await _reels.CreateReelAsync(author, $"Cafe\u0301 #{tag}");
        var id = reel.GetProperty("id").GetGuid();

        Assert.Equal($"Caf\u00e9 #{name}", reel.GetProperty("caption").GetString());
        var tab = await (await _reels.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(name)}/reels", null)).ReadJsonAsync();
        Assert.Equal([id], tab.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Decomposed_comments_on_posts_and_reels_are_stored_and_returned_composed()
    {
        var (author, commenter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var post = await Posts.PostIdAsync(author, "a photo");
        var reel = await _reels.ReelIdAsync(author, "a reel");
        var typed = "Tre\u0300s bien, cafe\u0301 #" + Repeat("e\u0301", 60);
        var composed = "Tr\u00e8s bien, caf\u00e9 #" + Repeat("\u00e9", 60);

        var onPost = await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", commenter, new { content = typed }))
            .ReadJsonAsync(System.Net.HttpStatusCode.Created);
        var onReel = await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/comments", commenter, new { content = typed }))
            .ReadJsonAsync(System.Net.HttpStatusCode.Created);

        Assert.Equal(composed, onPost.GetProperty("content").GetString());
        Assert.Equal(composed, onReel.GetProperty("content").GetString());
        var listed = await (await Posts.GetAsync($"/api/v1/posts/{post}/comments", author)).ReadJsonAsync();
        Assert.Equal([composed], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("content").GetString()));
    }
}
