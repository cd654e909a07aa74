using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// The account's export holds its note and the notes it liked (docs/export.md `notes`, `noteLikes`); the likes were missing,
/// though every other kind of like the account gives is exported.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteExportTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<JsonElement> ExportAsync(TestUser user) =>
        await (await _posts.GetAsync("/api/v1/users/me/export", user)).ReadJsonAsync();

    private async Task<Guid> NoteAsync(TestUser author, string text) =>
        (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task The_notes_an_account_liked_are_in_its_export_while_their_author_keeps_them()
    {
        var (me, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, friend);
        await _posts.FollowAsync(friend, me);
        var note = await NoteAsync(friend, "road trip");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", me)).EnsureNoContentAsync();

        var liked = Assert.Single((await ExportAsync(me)).GetProperty("noteLikes").EnumerateArray());
        Assert.Equal(note, liked.GetProperty("noteId").GetGuid());
        Assert.True(liked.GetProperty("likedAt").TryGetDateTimeOffset(out _));
        Assert.Empty((await ExportAsync(friend)).GetProperty("noteLikes").EnumerateArray()); // the author's export holds their note, not its likers

        await NoteAsync(friend, "back home"); // a new note replaces the last, and its likes go with it
        Assert.Empty((await ExportAsync(me)).GetProperty("noteLikes").EnumerateArray());
    }
}
