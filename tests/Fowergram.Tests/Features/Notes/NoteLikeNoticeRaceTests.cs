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
}
