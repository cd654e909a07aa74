using System.Net;
using System.Text.Json;
using Fowergram.Features.Notes;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// note-notifications meeting events of one like that arrive together or out of order (like, unlike, like again: three
/// messages that two instances of the consumer may handle at once or in any order). The author must end with one notice
/// while the like stands.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteLikeNoticeRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<(TestUser Author, TestUser Friend, Guid Note)> NoteOfMutualsAsync()
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(author, friend);
        await _posts.FollowAsync(friend, author);
        var note = (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "pizza tonight" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return (author, friend, note);
    }

    private EventEnvelope Event(string type, TestUser liker, Guid note, TestUser author) =>
        new(Guid.NewGuid(), type, liker.Id, JsonSerializer.SerializeToElement(NoteLikeEvent.Of(note, author.Id), ApiJson.Options),
            app.Clock.GetUtcNow());

    private Task<long> NoticesAsync(TestUser author) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @author AND type = 'note_like'", new { author = author.Id });

    [Fact]
    public async Task Two_like_events_of_one_liker_handled_at_once_tell_the_author_once()
    {
        var (author, friend, note) = await NoteOfMutualsAsync();
        // The like as it stands after like, unlike, like again; its events are handed to the consumer below, two at once.
        await _posts.ExecuteAsync("INSERT INTO note_likes (note_id, user_id, created_at) VALUES (@note, @friend, now())",
            new { note, friend = friend.Id });
        var consumer = new NoteNotificationsConsumer(app.Clock);

        await TransactionRace.SecondWaitsForFirstAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
            (conn, tx) => consumer.HandleAsync(Event(NoteEvents.Liked, friend, note, author), conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(Event(NoteEvents.Liked, friend, note, author), conn, tx, CancellationToken.None),
            "The second like event should wait for the transaction that handles the first.");

        Assert.Equal(1L, await NoticesAsync(author));
    }

    [Fact]
    public async Task A_late_unlike_event_leaves_the_notice_of_a_like_that_stands()
    {
        var (author, friend, note) = await NoteOfMutualsAsync();
        // Liked, unliked and liked again; the liked events are handled, the unlike's arrives last (events come in any order).
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", friend)).EnsureNoContentAsync();
        await new EntityEvents(app, "noteId").SettleAsync(note);
        Assert.Equal(1L, await NoticesAsync(author));

        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await new NoteNotificationsConsumer(app.Clock).HandleAsync(Event(NoteEvents.Unliked, friend, note, author), conn, tx,
                CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(1L, await NoticesAsync(author));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/notes/{note}/like", friend)).EnsureNoContentAsync();
        await new EntityEvents(app, "noteId").SettleAsync(note);
        Assert.Equal(0L, await NoticesAsync(author)); // the unlike that stands still takes it back
    }
}
