using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// A note of a deactivated, suspended or deleted account is nobody else's to see: not in the tray, not to like or answer,
/// and since migration 0245 not to can_view_entity and its twin Visibility.EntityFilter either, which the report route asks.
/// Before, a mutual's report of such a note was accepted (201) while every note route answered 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteGoneAuthorTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<bool> CanViewAsync(TestUser viewer, Guid note)
    {
        var args = new { viewer = viewer.Id, note };
        var function = await _posts.ScalarAsync<bool>("SELECT can_view_entity(@viewer, 'note', @note, now())", args);
        var writtenOut = await _posts.ScalarAsync<bool>($"SELECT {VisibilityPolicy.EntityFilter("'note'", "@note", "now()")}", args);
        Assert.True(function == writtenOut, $"can_view_entity {function}, written out {writtenOut}");
        return function;
    }

    [Fact]
    public async Task A_gone_authors_note_is_shown_to_nobody_else_nor_reportable()
    {
        var (author, mutual) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(author, mutual);
        await _posts.FollowAsync(mutual, author);
        // A day from the real clock: can_view_entity is asked at now(), the routes at the test clock.
        var note = (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "gone fishing" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await _posts.ExecuteAsync("UPDATE notes SET expires_at = now() + interval '1 day' WHERE id = @note", new { note });
        Assert.True(await CanViewAsync(mutual, note));

        foreach (var gone in new[] { "is_active = false", "deleted_at = now()" })
        {
            await _posts.ExecuteAsync($"UPDATE users SET {gone} WHERE id = @id", new { id = author.Id });
            Assert.False(await CanViewAsync(mutual, note));
            Assert.True(await CanViewAsync(author, note)); // its author's own notices are theirs
            await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", mutual, new { targetType = "note", targetId = note, reason = "spam" }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await _posts.ExecuteAsync("UPDATE users SET is_active = true, deleted_at = NULL WHERE id = @id", new { id = author.Id });
        }

        Assert.True(await CanViewAsync(mutual, note));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE target_id = @note", new { note }));
    }
}
