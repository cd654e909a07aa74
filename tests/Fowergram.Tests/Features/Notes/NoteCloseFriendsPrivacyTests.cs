using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// A close-friends note reaches a listed friend only while they may see the author's content, as a close-friends story does:
/// a public account's list sees it followed or not; a private account's list only where the follow is approved (migration
/// 0247). Before, a private account's close-friends note showed to a listed friend who did not follow it, or whose follow
/// request was still pending, in the tray, to like and to answer, and to can_view_entity (reports, notices).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteCloseFriendsPrivacyTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<(TestUser Author, TestUser Friend, Guid Note)> CloseFriendsNoteAsync(bool authorPrivate)
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{friend.Username}", author)).EnsureNoContentAsync();
        await _posts.ExecuteAsync("UPDATE users SET is_private = @authorPrivate WHERE id = @id", new { authorPrivate, id = author.Id });
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var note = (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "inner circle", audience = "close_friends" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // can_view_entity is asked at now(): give the note a day of the real clock too.
        await _posts.ExecuteAsync("UPDATE notes SET expires_at = greatest(expires_at, now() + interval '1 day') WHERE id = @note", new { note });
        return (author, friend, note);
    }

    /// <summary>Whether <paramref name="friend"/> is shown the note, by every read: the tray, can_view_entity and its twin.</summary>
    private async Task<bool> ShownAsync(TestUser friend, Guid note)
    {
        var tray = (await (await _posts.GetAsync("/api/v1/notes", friend)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Any(n => n.GetProperty("id").GetGuid() == note);
        var args = new { viewer = friend.Id, note };
        var function = await _posts.ScalarAsync<bool>("SELECT can_view_entity(@viewer, 'note', @note, now())", args);
        var writtenOut = await _posts.ScalarAsync<bool>($"SELECT {VisibilityPolicy.EntityFilter("'note'", "@note", "now()")}", args);
        Assert.True(tray == function && function == writtenOut, $"tray {tray}, can_view_entity {function}, written out {writtenOut}");
        return tray;
    }

    [Fact]
    public async Task A_private_accounts_close_friends_note_is_not_shown_to_a_listed_friend_who_does_not_follow_it()
    {
        var (author, friend, note) = await CloseFriendsNoteAsync(authorPrivate: true);
        // A pending request is not a follow.
        await _posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = friend.Id, b = author.Id });

        Assert.False(await ShownAsync(friend, note));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{note}/replies", friend, new { text = "hi" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM note_likes WHERE note_id = @note", new { note }));

        // Approved, the friend sees it; the follow ended, no more.
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{friend.Username}/approve", author)).EnsureNoContentAsync();
        Assert.True(await ShownAsync(friend, note));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", friend)).EnsureNoContentAsync();
        await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = friend.Id, b = author.Id });
        Assert.False(await ShownAsync(friend, note));
    }

    [Fact]
    public async Task A_public_accounts_close_friends_note_is_shown_to_a_listed_friend_followed_or_not()
    {
        var (author, friend, note) = await CloseFriendsNoteAsync(authorPrivate: false);
        Assert.True(await ShownAsync(friend, note));
        await _posts.FollowAsync(friend, author);
        Assert.True(await ShownAsync(friend, note));

        // Switching to private keeps approved followers, and leaves out the friend who stops following.
        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        Assert.True(await ShownAsync(friend, note));
        await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = friend.Id, b = author.Id });
        Assert.False(await ShownAsync(friend, note));
    }
}
