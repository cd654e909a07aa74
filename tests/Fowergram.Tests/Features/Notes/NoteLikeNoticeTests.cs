using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// Notices of note likes (migration 0115): the author hears of a like once, an unlike takes it back, a block keeps it
/// away, and a replaced note takes its notices out of the inbox.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteLikeNoticeTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly EntityEvents _events = new(app, "noteId");

    private async Task<Guid> NoteAsync(TestUser author, string text) =>
        (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task LikeAsync(TestUser liker, Guid note, bool like = true)
    {
        await (await _posts.SendAsync(like ? HttpMethod.Put : HttpMethod.Delete, $"/api/v1/notes/{note}/like", liker)).EnsureNoContentAsync();
        await _events.SettleAsync(note);
    }

    private async Task<List<JsonElement>> NoteNoticesAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "note_like").ToList();

    private async Task<(TestUser Author, TestUser Friend)> MutualsAsync()
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(author, friend);
        await _posts.FollowAsync(friend, author);
        return (author, friend);
    }

    [Fact]
    public async Task The_author_hears_of_a_like_once_and_an_unlike_takes_it_back()
    {
        var (author, friend) = await MutualsAsync();
        var note = await NoteAsync(author, "pizza tonight");

        await LikeAsync(friend, note);
        var notice = Assert.Single(await NoteNoticesAsync(author));
        Assert.Equal(($"{friend.Username} liked your note.", "note", note), (notice.GetProperty("text").GetString(),
            notice.GetProperty("entityType").GetString(), notice.GetProperty("entityId").GetGuid()));

        await LikeAsync(friend, note, like: false);
        Assert.Empty(await NoteNoticesAsync(author));
        await LikeAsync(friend, note);
        Assert.Single(await NoteNoticesAsync(author));
        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @author AND type = 'note_like'", new { author = author.Id }));
    }

    [Fact]
    public async Task A_replaced_note_takes_its_notices_away_and_a_block_keeps_them_out()
    {
        var (author, friend) = await MutualsAsync();
        var note = await NoteAsync(author, "first");
        await LikeAsync(friend, note);
        Assert.Single(await NoteNoticesAsync(author));

        await NoteAsync(author, "second");
        Assert.Empty(await NoteNoticesAsync(author));

        var (other, blocker) = await MutualsAsync();
        var blocked = await NoteAsync(other, "hello");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{blocked}/like", blocker)).EnsureNoContentAsync();
        await _posts.BlockAsync(other, blocker); // before delivery: the block wins
        await _events.SettleAsync(blocked);
        Assert.Empty(await NoteNoticesAsync(other));
    }
}
