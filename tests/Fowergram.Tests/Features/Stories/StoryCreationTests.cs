using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

[Collection(ApiCollection.Name)]
public sealed class StoryCreationTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task Story_defaults_to_a_public_audience_and_lives_24_hours()
    {
        var author = await _client.NewUserAsync();
        var uploadId = await _client.UploadAsync(author);

        var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId });
        var story = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = story.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/stories/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("public", story.GetProperty("audience").GetString());
        Assert.Equal("image", story.GetProperty("mediaType").GetString());
        Assert.Equal(TimeSpan.FromHours(24), story.GetProperty("expiresAt").GetDateTimeOffset() - story.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(story.GetProperty("isLive").GetBoolean());
        Assert.Equal(0, story.GetProperty("viewCount").GetInt64());
        Assert.Equal(author.Username, story.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal("used", await _client.Media.StatusInDatabaseAsync(uploadId));
        var media = await _client.FetchMediaAsync(story.GetProperty("media").GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
    }

    [Fact]
    public async Task Story_carries_music_poll_question_and_mentions()
    {
        var author = await _client.NewUserAsync();
        var friend = await _client.NewUserAsync();
        var trackId = await MusicTracks.InsertAsync(_client, duration: 200);

        var (id, story) = await _client.CreateStoryAsync(author, "followers", new
        {
            musicTrackId = trackId, musicStartSeconds = 42, altText = "  Sunset at the pier  ",
            poll = new { question = "Beach or city?", option1 = "Beach", option2 = "City" },
            question = new { text = "Ask me anything" },
            mentions = new[] { "@" + friend.Username.ToUpperInvariant(), friend.Username },
        });

        Assert.Equal("followers", story.GetProperty("audience").GetString());
        Assert.Equal("Sunset at the pier", story.GetProperty("altText").GetString());
        Assert.Equal(trackId, story.GetProperty("music").GetProperty("trackId").GetGuid());
        Assert.Equal(42, story.GetProperty("music").GetProperty("startSeconds").GetInt32());
        Assert.Equal(("Beach or city?", "Beach", "City"), (story.GetProperty("poll").GetProperty("question").GetString(),
            story.GetProperty("poll").GetProperty("option1").GetString(), story.GetProperty("poll").GetProperty("option2").GetString()));
        Assert.Equal("Ask me anything", story.GetProperty("question").GetProperty("text").GetString());
        Assert.Equal([friend.Username], story.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT count(*) FROM story_mentions WHERE story_id = @id", new { id }));
    }

    [Fact]
    public async Task Video_upload_makes_a_video_story()
    {
        var author = await _client.NewUserAsync();
        var uploadId = await _client.UploadAsync(author, contentType: "video/mp4");

        var story = await (await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId, audience = "close_friends" }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("video", story.GetProperty("mediaType").GetString());
        Assert.Equal("video", story.GetProperty("media").GetProperty("type").GetString());
        Assert.Equal("close_friends", story.GetProperty("audience").GetString());
        Assert.Equal(10, await _client.ScalarAsync<int?>("SELECT duration FROM stories WHERE id = @id", new { id = story.GetProperty("id").GetGuid() }));
    }

    /// <summary>A story plays at most a minute, by the file's own length; the slot stays usable for something else.</summary>
    [Fact]
    public async Task A_video_longer_than_a_minute_is_a_400_naming_uploadId_and_stays_pending()
    {
        var author = await _client.NewUserAsync();
        var uploadId = await _client.UploadAsync(author, contentType: "video/mp4", videoSeconds: 61);

        var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId });

        await response.AssertValidationErrorAsync("uploadId");
        Assert.Equal("pending", await _client.Media.StatusInDatabaseAsync(uploadId));
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = author.Id }));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"audience":"public"}""", "uploadId" },
        { """{"uploadId":"{upload}","audience":"friends"}""", "audience" },
        { """{"uploadId":"{upload}","musicStartSeconds":5}""", "musicStartSeconds" },
        { """{"uploadId":"{upload}","musicTrackId":"{track}","musicStartSeconds":-1}""", "musicStartSeconds" },
        { """{"uploadId":"{upload}","musicTrackId":"{track}","musicStartSeconds":200}""", "musicStartSeconds" },
        { """{"uploadId":"{upload}","musicTrackId":"0190a1c0-5a00-7000-8000-0000deadbeef"}""", "musicTrackId" },
        { """{"uploadId":"{upload}","poll":{"question":"Which?","option1":"Tea"}}""", "poll.option2" },
        { """{"uploadId":"{upload}","poll":{"question":"Which?","option1":"Tea","option2":" tea "}}""", "poll.option2" },
        { """{"uploadId":"{upload}","poll":{"question":"","option1":"Tea","option2":"Coffee"}}""", "poll.question" },
        { """{"uploadId":"{upload}","question":{"text":"   "}}""", "question.text" },
        { """{"uploadId":"{upload}","altText":"{long}"}""", "altText" },
        { """{"uploadId":"{upload}","altText":"nul\u0000here"}""", "altText" },
        { """{"uploadId":"{upload}","poll":{"question":"Which?","option1":"T\u0000ea","option2":"Coffee"}}""", "poll.option1" },
        { """{"uploadId":"{upload}","mentions":["not a name!"]}""", "mentions[0]" },
        { """{"uploadId":"{upload}","mentions":["nobody_{unique}"]}""", "mentions" },
        { """{"uploadId":"{upload}","mentions":["{blocker}"]}""", "mentions" },
        { """{"uploadId":"{upload}","mentions":[{twentyOne}]}""", "mentions" },
        // One-line fields (docs/api.md "Text limits"): a poll's or a quiz's option and a countdown's title.
        { """{"uploadId":"{upload}","poll":{"question":"Which?","option1":"Tea\nor","option2":"Coffee"}}""", "poll.option1" },
        { """{"uploadId":"{upload}","poll":{"question":"Which?","option1":"Tea","option2":"Cof\u2028fee"}}""", "poll.option2" },
        { """{"uploadId":"{upload}","quiz":{"question":"Sky?","options":["Red","Bl\tue"],"correctOption":2}}""", "quiz.options[1]" },
        { """{"uploadId":"{upload}","countdown":{"title":"Doors\r\nopen","endsAt":"{future}"}}""", "countdown.title" },
        { """{"uploadId":"{upload}","countdown":{"title":"Doors\u2029open","endsAt":"{future}"}}""", "countdown.title" },
        { """{"uploadId":5}""", "uploadId" },
        { """{"uploadId":"{upload}","poll":"yes"}""", "poll" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_story_is_refused_with_400_and_leaves_the_upload_unused(string template, string field)
    {
        var author = await _client.NewUserAsync();
        var blocker = await _client.NewUserAsync();
        await _client.BlockAsync(blocker, author);
        var uploadId = await _client.UploadAsync(author);
        var trackId = await MusicTracks.InsertAsync(_client, duration: 200);
        var body = template.Replace("{upload}", uploadId.ToString()).Replace("{track}", trackId.ToString())
            .Replace("{long}", new string('a', 1001)).Replace("{unique}", Guid.NewGuid().ToString("N")[..8])
            .Replace("{blocker}", blocker.Username).Replace("{future}", app.Clock.GetUtcNow().AddDays(1).ToString("O"))
            .Replace("{twentyOne}", string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"user{i}\"")));

        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/stories")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", _client.TokenOf(author)) },
        });

        await response.AssertValidationErrorAsync(field);
        await AssertNothingCreatedAsync(author, uploadId);
    }

    [Fact]
    public async Task Another_users_upload_is_not_found_and_stays_theirs()
    {
        var author = await _client.NewUserAsync();
        var other = await _client.NewUserAsync();
        var theirs = await _client.UploadAsync(other);

        var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = theirs });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertNothingCreatedAsync(author, theirs);
    }

    [Fact]
    public async Task Upload_for_another_purpose_or_never_uploaded_or_already_used_is_a_conflict()
    {
        var author = await _client.NewUserAsync();
        var postUpload = await _client.UploadAsync(author, purpose: "post");
        var empty = await _client.Media.CreateSlotAsync(new(author.Id, author.Username, _client.TokenOf(author)), "story", "image/jpeg", 2048);
        var (_, story) = await _client.CreateStoryAsync(author);
        var used = await _client.ScalarAsync<Guid>("SELECT upload_id FROM stories WHERE id = @id", new { id = story.GetProperty("id").GetGuid() });

        foreach (var uploadId in new[] { postUpload, empty.UploadId, used })
        {
            var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId });
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.True(problem.GetProperty("errors").TryGetProperty("uploadId", out _));
        }
        Assert.Equal(1, await StoriesOfAsync(author));
        Assert.Equal("pending", await _client.Media.StatusInDatabaseAsync(postUpload));
        Assert.Equal("pending", await _client.Media.StatusInDatabaseAsync(empty.UploadId));
    }

    [Fact]
    public async Task Story_routes_need_a_token()
    {
        var author = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(author);
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Post, "/api/v1/stories"), (HttpMethod.Get, "/api/v1/stories/tray"), (HttpMethod.Get, $"/api/v1/stories/{id}"),
                     (HttpMethod.Delete, $"/api/v1/stories/{id}"), (HttpMethod.Get, $"/api/v1/users/{author.Username}/stories"),
                     (HttpMethod.Get, "/api/v1/users/me/stories/archive"), (HttpMethod.Post, $"/api/v1/stories/{id}/seen"),
                     (HttpMethod.Get, $"/api/v1/stories/{id}/viewers"), (HttpMethod.Get, $"/api/v1/stories/{id}/poll"),
                 })
            await (await _client.SendAsync(method, path, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await StoriesOfAsync(author));
    }

    [Fact]
    public async Task Owner_deletes_a_story_and_it_is_gone_everywhere()
    {
        var author = await _client.NewUserAsync();
        var follower = await _client.NewUserAsync();
        await _client.FollowAsync(follower, author);
        var (id, _) = await _client.CreateStoryAsync(author);
        var other = await _client.NewUserAsync();

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.GetJsonAsync($"/api/v1/stories/{id}", follower); // still there

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", author)).StatusCode);

        await (await _client.GetAsync($"/api/v1/stories/{id}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", follower)));
        Assert.Empty((await _client.GetJsonAsync("/api/v1/users/me/stories/archive", author)).GetProperty("items").EnumerateArray());
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/v1/stories/not-a-uuid", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'story.deleted' AND payload->>'storyId' = @id",
            new { id = id.ToString() }));
    }

    private Task<long> StoriesOfAsync(Person author) =>
        _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = author.Id });

    private async Task AssertNothingCreatedAsync(Person author, Guid uploadId)
    {
        Assert.Equal(0, await StoriesOfAsync(author));
        Assert.Equal("pending", await _client.Media.StatusInDatabaseAsync(uploadId));
        Assert.Equal(0, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE actor_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task A_track_withdrawn_while_the_story_is_written_silences_it_instead_of_failing_it()
    {
        var author = await _client.NewUserAsync();
        var trackId = await MusicTracks.InsertAsync(_client, duration: 200);
        var upload = await _client.UploadAsync(author);

        // Hold the creation after its checks, at the claim of its upload; the catalogue withdraws the track meanwhile.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM uploads WHERE id = @upload FOR UPDATE", new { upload }, tx);
        var creating = _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload, musicTrackId = trackId });
        Assert.True(await WaitUntilBlockedByAsync(db, holder.ProcessID, creating));
        await using var catalogue = await db.OpenConnectionAsync();
        var withdrawing = Dapper.SqlMapper.ExecuteAsync(catalogue, "DELETE FROM music_tracks WHERE id = @trackId", new { trackId });
        // Done at once before the fix; after it, it waits for the story (polled, not slept for).
        await using (var probe = await db.OpenConnectionAsync())
            while (!withdrawing.IsCompleted && !await Dapper.SqlMapper.ExecuteScalarAsync<bool>(probe,
                       "SELECT cardinality(pg_blocking_pids(@pid)) > 0", new { pid = catalogue.ProcessID }))
                await Task.Delay(5);
        await tx.CommitAsync();
        await withdrawing;

        var created = await creating;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode); // before the fix: a 500 (the story's foreign key to the track)
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.False((await _client.GetJsonAsync($"/api/v1/stories/{id}", author)).TryGetProperty("music", out _)); // silent now
    }

    [Fact]
    public async Task An_account_purged_while_a_story_mentioning_it_is_written_waits_for_the_story_instead_of_failing_it()
    {
        var author = await _client.NewUserAsync();
        var mentioned = await _client.NewUserAsync();
        var upload = await _client.UploadAsync(author);

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM uploads WHERE id = @upload FOR UPDATE", new { upload }, tx);
        var creating = _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload, mentions = new[] { mentioned.Username } });
        Assert.True(await WaitUntilBlockedByAsync(db, holder.ProcessID, creating));
        // The purge's last step deletes the account's row; done at once before the fix, it waits for the story after it.
        await using var purge = await db.OpenConnectionAsync();
        var purging = Dapper.SqlMapper.ExecuteAsync(purge, "DELETE FROM users WHERE id = @id", new { id = mentioned.Id });
        await using (var probe = await db.OpenConnectionAsync())
            while (!purging.IsCompleted && !await Dapper.SqlMapper.ExecuteScalarAsync<bool>(probe,
                       "SELECT cardinality(pg_blocking_pids(@pid)) > 0", new { pid = purge.ProcessID }))
                await Task.Delay(5); // a poll for a state, not a wait for time to pass
        await tx.CommitAsync();
        await purging;

        Assert.Equal(HttpStatusCode.Created, (await creating).StatusCode); // before the fix: a 500 (story_mentions' foreign key)
    }

    private static async Task<bool> WaitUntilBlockedByAsync(Npgsql.NpgsqlDataSource db, int pid, Task request)
    {
        await using var conn = await db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!request.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await Dapper.SqlMapper.ExecuteScalarAsync<bool>(conn,
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid)))", new { pid }))
                return true;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        return false;
    }
}
