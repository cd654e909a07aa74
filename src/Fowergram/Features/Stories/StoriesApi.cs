using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.Media;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>POST /stories, GET and DELETE /stories/{id}.</summary>
public sealed class StoriesApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, StoryMedia media,
    IOptions<StoryOptions> options, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateStoryRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        // One now, at the column's precision, for the rules and the rows: a countdown judged to end after it must end after the
        // created_at written (story_countdowns' CHECK), not after an earlier or finer instant.
        var now = Timestamps.Now(time);
        var input = await StoryTexts.ComposedAsync(db, body.Value!, ct);
        if (!StoryRules.TryValidate(input, now, out var story, out var invalid)) return invalid;

        await using var conn = await db.OpenConnectionAsync(ct);
        var id = Ids.New(time);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await StoryReferences.ProblemAsync(conn, tx, story, ct) is { } refused) return refused;
        var mentioned = await StoryReferences.MentionedAsync(conn, tx, caller.UserId, story.Mentions, ct);
        if (mentioned.Problem is not null) return mentioned.Problem;
        if (story.ProductId is { } productId && await StoryProducts.RefusalAsync(conn, tx, caller.UserId, productId, ct) is { } notSellable)
            return notSellable;
        if (await StoryShares.RefusalAsync(conn, tx, caller.UserId, story, now, ct) is { } unshareable) return unshareable;
        var chain = await StoryAddYoursApi.ChainForNewStoryAsync(conn, tx, caller.UserId, story.AddYours, now, time, ct);
        if (chain.Problem is not null) return chain.Problem;
        var claim = await uploads.ClaimAsync(conn, tx, caller.UserId, story.UploadId, MediaPurpose.Story, ct);
        if (!claim.Succeeded) return claim.ToProblem("uploadId");
        var duration = claim.Media!.Facts.DurationSeconds;
        if (duration > StoryRules.VideoSecondsMax)
            return Problems.Validation("uploadId", $"The video is {duration} seconds long; a story plays at most {StoryRules.VideoSecondsMax} seconds.");
        var inserted = await conn.ExecuteAsync(new CommandDefinition(StoriesSql.Insert, new
        {
            id, caller = caller.UserId, uploadId = story.UploadId, blobName = claim.Media.ObjectName, duration,
            mediaType = claim.Media.Kind == MediaKind.Image ? "image" : "video", altText = story.AltText, audience = story.Audience,
            musicTrackId = story.MusicTrackId, musicStartTime = story.MusicTrackId is null ? (int?)null : story.MusicStartSeconds ?? 0,
            productId = story.ProductId, linkUrl = story.Link?.Url, linkText = story.Link?.Text, addYoursPromptId = chain.PromptId,
            sharedPostId = story.SharedPostId, sharedReelId = story.SharedReelId, sharedStoryId = story.SharedStoryId,
            now, expiresAt = now + options.Value.Lifetime,
        }, tx, cancellationToken: ct));
        if (inserted == 0) return Problems.AccountGone();
        await InsertStickersAsync(conn, tx, id, story, mentioned.Ids, now, ct);

        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Created, caller.UserId,
            new StoryCreatedEvent(id, caller.UserId, story.Audience, story.MusicTrackId, StoryEvents.EntityType, id, chain.PromptId), ct);
        foreach (var userId in mentioned.Ids)
            await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.UserMentioned, caller.UserId,
                new StoryMentionEvent(userId, id, caller.UserId, StoryEvents.EntityType, id), ct);
        // Read inside the transaction, so that the answer is the story written here whatever commits right after it.
        var row = await conn.QuerySingleAsync<StoryRow>(new CommandDefinition(StoryReadSql.ById,
            new { id, viewer = caller.UserId, now }, tx, cancellationToken: ct));
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Story, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/stories/{id}", await media.ViewAsync(conn, row, caller.UserId, ct));
    }

    /// <summary>A live story its audience may see; after expiry only its owner (the archive) gets it.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<StoryRow>(new CommandDefinition(StoryReadSql.ById,
            new { id = storyId, viewer = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        return row is null ? await GoneCaller.NotFoundAsync(conn, caller.UserId, "story", ct) : Api.Ok(await media.ViewAsync(conn, row, caller.UserId, ct));
    }

    /// <summary>
    /// Soft delete by the owner, into their "Recently deleted" for Stories:RestoreWindow; anyone else's (or an already deleted)
    /// story is a 404.
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        if (!await StoryTakedown.RemoveAsync(conn, tx, time, caller.UserId, storyId, caller.UserId, now, ct, options.Value.RestorableUntil(now)))
            return Problems.NotFound("story");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task InsertStickersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid storyId, ValidStory story,
        IReadOnlyList<Guid> mentioned, DateTimeOffset now, CancellationToken ct)
    {
        if (story.Poll is { } poll)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertPoll, new
                { id = Ids.New(time), storyId, poll.Question, poll.Option1, poll.Option2, now }, tx, cancellationToken: ct));
        if (story.Question is { } text)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertQuestion,
                new { id = Ids.New(time), storyId, text, now }, tx, cancellationToken: ct));
        if (story.Slider is { } slider)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertSlider,
                new { id = Ids.New(time), storyId, slider.Question, slider.Emoji, now }, tx, cancellationToken: ct));
        if (story.Quiz is { } quiz)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertQuiz, new
            {
                id = Ids.New(time), storyId, quiz.Question, option1 = quiz.Option(1), option2 = quiz.Option(2), option3 = quiz.Option(3),
                option4 = quiz.Option(4), correctOption = (short)quiz.CorrectOption, now,
            }, tx, cancellationToken: ct));
        if (story.Countdown is { } countdown)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertCountdown,
                new { id = Ids.New(time), storyId, countdown.Title, countdown.EndsAt, now }, tx, cancellationToken: ct));
        if (mentioned.Count > 0)
            await conn.ExecuteAsync(new CommandDefinition(StoriesSql.InsertMentions,
                new { storyId, userIds = mentioned.ToArray(), now }, tx, cancellationToken: ct));
    }
}
