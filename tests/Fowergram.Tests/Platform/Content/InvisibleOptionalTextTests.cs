using System.Net;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// An optional text made only of invisible characters — zero-width spaces, joiners, a lone accent — is a 400 naming the field
/// and changes nothing (docs/api.md "Blank text"). Until session 55 a bio, a caption, an alt text or a description of them was
/// stored (a profile showing nothing where a bio seemed to be), and a channel's description or a message's text beside a photo
/// was silently dropped. Empty still clears, and white space alone keeps its old meaning.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InvisibleOptionalTextTests(FowergramApp app)
{
    private const string Invisible = " \u200B\u2060 ";

    private readonly PostsClient _posts = new(app);
    private readonly ChannelClient _channels = new(app);
    private readonly ShopClient _shop = new(app);
    private readonly LiveClient _live = new(app);
    private readonly VideosClient _videos = new(app);
    private readonly StoryClient _stories = new(app);

    [Theory]
    [InlineData("\u200B", true)]
    [InlineData(" \u0301 ", true)]
    [InlineData("\uFEFF\u3164", true)]
    [InlineData("", false)]
    [InlineData("  \n", false)]
    [InlineData("\u200Bhi", false)]
    public void Invisible_only_means_blank_and_more_than_white_space(string text, bool invisible) =>
        Assert.Equal(invisible, TextRules.IsInvisibleOnly(text));

    [Fact]
    public async Task An_invisible_bio_name_or_link_title_is_a_400_and_changes_nothing_while_empty_still_clears()
    {
        var user = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { bio = "Hello", fullName = "Ana" })).ReadJsonAsync();
        var response = await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user,
            new { bio = Invisible, fullName = "\u200D", externalLinks = new[] { new { title = "\u200B", url = "https://example.com" } } });
        await response.AssertValidationErrorAsync("bio");
        await response.AssertValidationErrorAsync("fullName");
        await response.AssertValidationErrorAsync("externalLinks[0].title");
        Assert.Equal("Hello|Ana", await _posts.ScalarAsync<string>("SELECT bio || '|' || full_name FROM users WHERE id = @id", new { id = user.Id }));

        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { bio = "" })).ReadJsonAsync();
        Assert.Equal("", await _posts.ScalarAsync<string>("SELECT coalesce(bio, '') FROM users WHERE id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task An_invisible_caption_place_or_alt_text_is_a_400_on_create_and_edit_and_writes_nothing()
    {
        var author = await _posts.NewUserAsync();
        var upload = (await _posts.UploadAsync(author)).UploadId;
        var refused = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = upload, altText = Invisible } }, caption = Invisible, location = "\u200B" });
        await refused.AssertValidationErrorAsync("caption");
        await refused.AssertValidationErrorAsync("location");
        await refused.AssertValidationErrorAsync("media[0].altText");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id }));

        var post = await _posts.CreatePostAsync(author, "kept");
        var id = post.GetProperty("id").GetGuid();
        var media = post.GetProperty("media")[0].GetProperty("id").GetGuid();
        var edit = await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{id}", author,
            new { caption = "\u2060", media = new[] { new { id = media, altText = "\u200B" } } });
        await edit.AssertValidationErrorAsync("caption");
        await edit.AssertValidationErrorAsync("media[0].altText");
        Assert.Equal("kept|photo 0", await _posts.ScalarAsync<string>(
            "SELECT p.caption || '|' || m.alt_text FROM posts p JOIN post_media m ON m.post_id = p.id WHERE p.id = @id", new { id }));
    }

    [Fact]
    public async Task An_invisible_story_alt_text_or_link_text_is_a_400_and_no_story_is_made()
    {
        var author = await _stories.NewUserAsync();
        var upload = await _stories.UploadAsync(author);
        var response = await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", author,
            new { uploadId = upload, audience = "public", altText = Invisible, link = new { url = "https://example.com", text = "\u200B" } });
        await response.AssertValidationErrorAsync("altText");
        await response.AssertValidationErrorAsync("link.text");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task An_invisible_video_or_collection_description_is_a_400_and_an_invisible_video_title_is_blank()
    {
        var user = await _videos.NewUserAsync();
        var video = await _videos.VideoIdAsync(user);
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", user, new { description = Invisible })).AssertValidationErrorAsync("description");
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", user, new { title = "\u200B" })).AssertValidationErrorAsync("title");
        Assert.Equal("Episode|", await _posts.ScalarAsync<string>("SELECT title || '|' || description FROM igtv_videos WHERE id = @video", new { video }));

        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", user, new { name = "Trips", description = "\u200B" }))
            .AssertValidationErrorAsync("description");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM collections WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task An_invisible_channel_description_or_message_text_beside_a_photo_is_a_400_not_dropped()
    {
        var owner = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = "Drops", description = Invisible }))
            .AssertValidationErrorAsync("description");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE owner_id = @id", new { id = owner.Id }));

        var channel = await _channels.CreateAsync(owner);
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}", owner, new { description = "\u200B" }))
            .AssertValidationErrorAsync("description");
        Assert.Equal("News first", await _posts.ScalarAsync<string>("SELECT description FROM broadcast_channels WHERE id = @channel", new { channel }));

        var photo = (await _posts.UploadAsync(owner, purpose: "message")).UploadId;
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner, new { text = "\u200B", uploadId = photo }))
            .AssertValidationErrorAsync("text");
        Assert.Equal(0, await _channels.MessageRowsAsync(channel));
    }

    [Fact]
    public async Task An_invisible_direct_message_text_beside_a_photo_is_a_400_not_dropped()
    {
        var dm = new DmClient(app);
        var (a, _, thread) = await dm.FriendsAsync();
        var photo = (await _posts.UploadAsync(a, purpose: "message")).UploadId;
        await (await dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = "\u200B\u200B", uploadId = photo }))
            .AssertValidationErrorAsync("text");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread", new { thread }));
    }

    [Fact]
    public async Task An_invisible_product_description_or_brand_is_a_400_on_create_and_patch()
    {
        var seller = await _shop.SellerAsync();
        var refused = await _shop.CreateAsync(seller, new { name = "Mug", description = Invisible, brand = "\u200B", price = 5, currency = "EUR" });
        await refused.AssertValidationErrorAsync("description");
        await refused.AssertValidationErrorAsync("brand");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM products WHERE user_id = @id", new { id = seller.Id }));

        var product = await _shop.ProductIdAsync(seller);
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{product}", seller, new { description = "\u2060" }))
            .AssertValidationErrorAsync("description");
        Assert.Equal("", await _posts.ScalarAsync<string>("SELECT description FROM products WHERE id = @product", new { product }));
    }

    [Fact]
    public async Task An_invisible_live_description_is_a_400_and_an_invisible_live_title_or_comment_is_blank()
    {
        var host = await _live.NewUserAsync();
        var refused = await _live.CreateAsync(host, new { title = "\u200B", description = Invisible });
        await refused.AssertValidationErrorAsync("title");
        await refused.AssertValidationErrorAsync("description");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM live_streams WHERE user_id = @id", new { id = host.Id }));

        var live = await _live.LiveStreamIdAsync(host);
        await (await _live.PostAsync($"/api/v1/live/{live}/comments", host, new { content = "\u200B\u2060" })).AssertValidationErrorAsync("content");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM live_comments WHERE stream_id = @live", new { live }));
    }
}
