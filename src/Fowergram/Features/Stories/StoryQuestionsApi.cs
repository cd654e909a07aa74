using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>The question sticker: anyone who may see the live story but its owner answers (as often as they like); only the owner reads the answers.</summary>
public sealed class StoryQuestionsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Respond(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => RespondOnce(request, id, ct), ct);

    private async Task<IResult> RespondOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var body = await JsonBody.ReadAsync<QuestionResponseRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var text = StoryRules.Optional(await ComposedText.WrittenAsync(db, body.Value!.Text, StoryRules.ResponseMax, ct)); // docs/api.md "Composed text"
        var errors = new Validation().Required("text", text).MaxLength("text", text, StoryRules.ResponseMax).Storable("text", text);
        if (!errors.IsValid) return errors.ToProblem();

        var (responseId, now) = (Ids.New(time), time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var answered = await conn.QuerySingleOrDefaultAsync<AnsweredRow>(new CommandDefinition(StickersSql.Respond,
            new { id = storyId, viewer = caller.UserId, responseId, text, now }, tx, cancellationToken: ct));
        if (answered is null) return Problems.NotFound("question");
        if (!answered.Inserted) return StoryRules.OwnAnswer("answer the question of"); // the author's own: nothing inserted
        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.QuestionAnswered, caller.UserId,
            new StoryQuestionAnsweredEvent(storyId, answered.QuestionId, responseId, answered.AuthorId, caller.UserId, StoryEvents.EntityType, storyId), ct);
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.StoryAnswer, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/stories/{storyId}/question/responses", new CreatedQuestionResponse(responseId, answered.QuestionId, text!, now));
    }

    /// <summary>Owner only (live or archived), newest first.</summary>
    public async Task<IResult> Responses(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var questionId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(StickersSql.OwnQuestion,
            new { id = storyId, owner = caller.UserId }, cancellationToken: ct));
        if (questionId is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "question", ct);
        var result = await KeysetQuery.PageAsync<ResponseRow>(conn, StickersSql.Responses, page, new { questionId, owner = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(result.Map(r => new QuestionResponseItem(r.Id, new StoryAuthor(r.UserId, r.Username, r.Avatar), r.Text, r.CreatedAt)));
    }

    private sealed class AnsweredRow
    {
        public Guid QuestionId { get; set; }
        public Guid AuthorId { get; set; }
        public bool Inserted { get; set; }
    }

    private sealed class ResponseRow
    {
        public Guid Id { get; set; }
        public Guid UserId { get; set; }
        public string Username { get; set; } = "";
        public string? Avatar { get; set; }
        public string Text { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
    }
}
