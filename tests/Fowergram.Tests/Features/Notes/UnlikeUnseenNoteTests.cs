using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// A liker may always take their own like of a note back, also once the note is no longer shown to them (a block, an ended
/// follow, a privacy switch, expiry, a moderator's removal): 204, the like and its notice go. Without a like of theirs the
/// unlike of such a note is the 404 of a missing note, and so is one of a replaced or deleted note, whose likes went with it.
/// Before, every such unlike was a 404 and the like stayed (counted in the author's likeCount, and back with a reversal).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnlikeUnseenNoteTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly EntityEvents _events = new(app, "noteId");

    public enum NoteHiding { BlockedByAuthor, BlockedAuthor, Unfollowed, WentPrivate, Expired, Removed }

    private async Task<(TestUser Author, TestUser Liker, Guid Note)> LikedNoteAsync(string audience)
    {
        var (author, liker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(author, liker);
        await _posts.FollowAsync(liker, author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{liker.Username}", author)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var note = (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "hello", audience }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", liker)).EnsureNoContentAsync();
        await _events.SettleAsync(note);
        return (author, liker, note);
    }

    private async Task HideAsync(NoteHiding hiding, TestUser author, TestUser liker, Guid note)
    {
        var args = new { author = author.Id, liker = liker.Id, note };
        switch (hiding)
        {
            case NoteHiding.BlockedByAuthor:
                await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{liker.Username}/block", author)).EnsureNoContentAsync(); break;
            case NoteHiding.BlockedAuthor:
                await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/block", liker)).EnsureNoContentAsync(); break;
            case NoteHiding.Unfollowed:
                await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @author AND following_id = @liker", args); break;
            case NoteHiding.WentPrivate: // a close-friends note: the friend no longer follows, and the account goes private
                await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @liker AND following_id = @author", args);
                (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", author, new { isPrivate = true })).EnsureSuccessStatusCode();
                break;
            case NoteHiding.Expired:
                await _posts.ExecuteAsync(
                    "UPDATE notes SET created_at = created_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE id = @note", args);
                break;
            case NoteHiding.Removed: await _posts.ExecuteAsync("UPDATE notes SET removed_at = now(), held_until = 'infinity' WHERE id = @note", args); break;
        }
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private Task<long> LikesAsync(Guid note) => _posts.ScalarAsync<long>("SELECT count(*) FROM note_likes WHERE note_id = @note", new { note });

    [Theory]
    [InlineData(NoteHiding.BlockedByAuthor)]
    [InlineData(NoteHiding.BlockedAuthor)]
    [InlineData(NoteHiding.Unfollowed)]
    [InlineData(NoteHiding.WentPrivate)]
    [InlineData(NoteHiding.Expired)]
    [InlineData(NoteHiding.Removed)]
    public async Task A_liker_takes_their_like_back_from_a_note_they_are_no_longer_shown(NoteHiding hiding)
    {
        var (author, liker, note) = await LikedNoteAsync(hiding == NoteHiding.WentPrivate ? "close_friends" : "mutuals");
        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @author AND type = 'note_like' AND entity_id = @note", new { author = author.Id, note }));
        await HideAsync(hiding, author, liker, note);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{note}/like", liker)).EnsureNoContentAsync();
        await _events.SettleAsync(note);

        Assert.Equal(0L, await LikesAsync(note));
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @author AND type = 'note_like' AND entity_id = @note", new { author = author.Id, note }));
        // Idempotent no more: the like is gone, so a second unlike is the 404 of a note they are not shown.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{note}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_like_of_theirs_an_unlike_of_a_note_they_are_not_shown_is_the_404_of_a_missing_note_and_changes_nothing()
    {
        var (author, liker, note) = await LikedNoteAsync("mutuals");
        var stranger = await _posts.NewUserAsync();

        var unseen = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{note}/like", stranger);
        var missing = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{Guid.NewGuid()}/like", stranger);

        var unseenProblem = await unseen.AssertProblemAsync(HttpStatusCode.NotFound);
        var missingProblem = await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("detail").GetString(), unseenProblem.GetProperty("detail").GetString());
        Assert.Equal(1L, await LikesAsync(note));

        // A replaced note took its likes with it: nothing is left to take back.
        await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "next" });
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{note}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
