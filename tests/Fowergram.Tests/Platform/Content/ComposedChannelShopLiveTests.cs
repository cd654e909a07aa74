using System.Net;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// Broadcast channels, products, live broadcasts and posts' alt texts are stored composed (Unicode NFC; docs/api.md "Composed
/// text"), as names, bios and messages have been since session 54: until session 55 they were stored as typed, so a channel
/// named with a combining accent was another string than the same name typed composed, and a product name of 200 accented
/// letters typed decomposed (400 code points) was refused as too long.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ComposedChannelShopLiveTests(FowergramApp app)
{
    private const string Decomposed = "Jose\u0301 Caf\u0065\u0301";
    private const string Composed = "Jos\u00e9 Caf\u00e9";

    private readonly PostsClient _posts = new(app);
    private readonly ChannelClient _channels = new(app);
    private readonly ShopClient _shop = new(app);
    private readonly LiveClient _live = new(app);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Fact]
    public async Task A_channel_name_and_description_are_composed_on_create_and_edit_and_its_name_is_measured_composed()
    {
        var owner = await _posts.NewUserAsync();
        var created = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = Repeat("e\u0301", 50), description = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var channel = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Repeat("\u00e9", 50)}|{Composed}", await _posts.ScalarAsync<string>(
            "SELECT name || '|' || description FROM broadcast_channels WHERE id = @channel", new { channel }));

        var marker = Guid.NewGuid().ToString("N")[..10];
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}", owner, new { name = Decomposed, description = $"Ete\u0301 {Decomposed} {marker}" }))
            .ReadJsonAsync();
        Assert.Equal($"{Composed}|Et\u00e9 {Composed} {marker}", await _posts.ScalarAsync<string>(
            "SELECT name || '|' || description FROM broadcast_channels WHERE id = @channel", new { channel }));
        foreach (var typed in new[] { "Ete\u0301", "Et\u00e9" }) // search composes its words: a channel stored decomposed was found by neither
        {
            var found = await (await _posts.GetAsync($"/api/v1/search/channels?q={Uri.EscapeDataString($"{typed} {marker}")}", owner)).ReadJsonAsync();
            Assert.Contains(channel, found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }
    }

    [Fact]
    public async Task A_channel_message_its_edit_and_a_poll_are_stored_composed()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var message = await _channels.PostAsync(owner, channel, new { text = Repeat("e\u0301", 1000) }); // fits only composed
        Assert.Equal(Repeat("\u00e9", 1000), await _posts.ScalarAsync<string>(
            "SELECT content FROM broadcast_channel_messages WHERE id = @message", new { message }));
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}/messages/{message}", owner, new { text = Decomposed })).ReadJsonAsync();
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT content FROM broadcast_channel_messages WHERE id = @message", new { message }));

        var poll = await _channels.PostAsync(owner, channel, new { poll = new { question = Decomposed, options = new[] { "Oui\u0301", Repeat("e\u0301", 50) } } });
        Assert.Equal([Composed, "Ou\u00ed", Repeat("\u00e9", 50)], (await _posts.QueryAsync<string>(
            "SELECT unnest(poll_question || poll_options) FROM broadcast_channel_messages WHERE id = @poll", new { poll })).ToList());
    }

    [Fact]
    public async Task Two_poll_options_typed_in_two_forms_of_one_word_are_one_option_twice()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner,
                new { poll = new { question = "Which?", options = new[] { "Caf\u00e9", "Cafe\u0301" } } }))
            .AssertValidationErrorAsync("poll.options");
        Assert.Equal(0, await _channels.MessageRowsAsync(channel));
    }

    [Fact]
    public async Task A_scheduled_channel_message_and_its_edit_are_stored_composed()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var scheduled = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/scheduled-messages", owner,
                new { publishAt = DateTimeOffset.UtcNow.AddDays(1), text = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = scheduled.GetProperty("id").GetGuid();
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT content FROM broadcast_channel_scheduled_messages WHERE id = @id", new { id }));
        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel}/scheduled-messages/{id}", owner, new { text = $"deux {Decomposed}" }))
            .ReadJsonAsync();
        Assert.Equal($"deux {Composed}", await _posts.ScalarAsync<string>(
            "SELECT content FROM broadcast_channel_scheduled_messages WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_product_name_description_category_and_brand_are_composed_on_create_and_patch()
    {
        var seller = await _shop.SellerAsync();
        var created = await (await _shop.CreateAsync(seller, new
        {
            name = Repeat("e\u0301", 200), description = Decomposed, category = Decomposed, brand = Decomposed, price = 5, currency = "EUR",
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(Repeat("\u00e9", 200), created.GetProperty("name").GetString());
        Assert.Equal($"{Composed}|{Composed}|{Composed}", await _posts.ScalarAsync<string>(
            "SELECT description || '|' || category || '|' || brand FROM products WHERE id = @id", new { id }));

        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{id}", seller, new { name = Decomposed, description = $"un {Decomposed}", brand = "Ete\u0301" }))
            .ReadJsonAsync();
        Assert.Equal($"{Composed}|un {Composed}|Et\u00e9", await _posts.ScalarAsync<string>(
            "SELECT name || '|' || description || '|' || brand FROM products WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_live_title_description_and_comment_are_stored_composed_and_the_title_is_measured_composed()
    {
        var host = await _live.NewUserAsync();
        var created = await (await _live.CreateAsync(host, new { title = Repeat("e\u0301", 100), description = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("stream").GetProperty("id").GetGuid();
        Assert.Equal($"{Repeat("\u00e9", 100)}|{Composed}", await _posts.ScalarAsync<string>(
            "SELECT title || '|' || description FROM live_streams WHERE id = @id", new { id }));

        var live = await _live.LiveStreamIdAsync(host);
        var comment = await _live.CommentAsync(live, host, Decomposed);
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT content FROM live_comments WHERE id = @comment", new { comment }));
    }

    [Fact]
    public async Task A_post_alt_text_is_composed_on_create_and_edit()
    {
        var author = await _posts.NewUserAsync();
        var upload = (await _posts.UploadAsync(author)).UploadId;
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new
        {
            media = new[] { new { uploadId = upload, altText = Repeat("e\u0301", 1000) } }, caption = Decomposed,
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = post.GetProperty("id").GetGuid();
        var media = post.GetProperty("media")[0].GetProperty("id").GetGuid();
        Assert.Equal(Repeat("\u00e9", 1000), await _posts.ScalarAsync<string>("SELECT alt_text FROM post_media WHERE id = @media", new { media }));

        await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{id}", author, new { media = new[] { new { id = media, altText = Decomposed } } }))
            .ReadJsonAsync();
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT alt_text FROM post_media WHERE id = @media", new { media }));
    }
}
