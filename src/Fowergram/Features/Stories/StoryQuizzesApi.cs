using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The quiz sticker (docs/stories.md "Stickers", migration 0130): each viewer who may see the live story answers once and
/// learns at once whether they were right; the owner and those who answered see the counts; only the owner lists the answers.
/// </summary>
public sealed class StoryQuizzesApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    private static readonly OneTimeStickerAnswer<short> QuizAnswer = new(QuizSql.Mine, "option",
        earlier => $"You already answered option {earlier}; an answer cannot be changed.", "Already answered another option.");

    /// <summary>POST /stories/{id}/quiz/answers {option}: 201 the first time, 200 with the same option again, 409 with another.</summary>
    public async Task<IResult> Answer(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var body = await JsonBody.ReadAsync<QuizAnswerRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Option is not { } option || option is < 1 or > StoryRules.QuizOptionsMax)
            return Problems.Validation("option", $"Must be an option's number, from 1 to {StoryRules.QuizOptionsMax}.");

        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var answer = await conn.QuerySingleOrDefaultAsync<AnswerRow>(new CommandDefinition(QuizSql.Answer,
            new { id = storyId, viewer = caller.UserId, option = (short)option, now }, tx, cancellationToken: ct));
        if (answer is null) return Problems.NotFound("quiz");
        if (answer.AuthorId == caller.UserId) return StoryRules.OwnAnswer("answer the quiz of");
        if (!answer.HasOption) return Problems.Validation("option", "The quiz has no such option.");
        return await QuizAnswer.SettleAsync(conn, tx, allowances, answer.Inserted, answer.QuizId, caller.UserId, (short)option, now,
            announce: () => Outbox.EnqueueAsync(conn, tx, time, StoryEvents.QuizAnswered, caller.UserId, new StoryQuizAnsweredEvent(storyId,
                answer.QuizId, answer.AuthorId, caller.UserId, option, option == answer.CorrectOption, StoryEvents.EntityType, storyId), ct),
            location: $"/api/v1/stories/{storyId}/quiz",
            view: (chosen, at) => new QuizAnswerView(answer.QuizId, chosen, chosen == answer.CorrectOption, answer.CorrectOption, at), ct);
    }

    /// <summary>GET /stories/{id}/quiz: the quiz; the right option and the counts for its owner and for users who answered.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        var quiz = await conn.QuerySingleOrDefaultAsync<QuizRow>(new CommandDefinition(QuizSql.Read,
            new { id = storyId, viewer = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        if (quiz is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "quiz", ct);
        var revealed = quiz.AuthorId == caller.UserId || quiz.MyAnswer is not null;
        var counts = new[] { quiz.Option1Count, quiz.Option2Count, quiz.Option3Count, quiz.Option4Count }.Take(quiz.Options.Length).ToList();
        return Api.Ok(new QuizView(quiz.Id, quiz.Question, quiz.Options, quiz.MyAnswer, revealed ? quiz.CorrectOption : null,
            revealed ? new QuizResults(counts, counts.Sum()) : null));
    }

    /// <summary>GET /stories/{id}/quiz/answers: owner only (live or archived), newest first.</summary>
    public async Task<IResult> Answers(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var quiz = await conn.QuerySingleOrDefaultAsync<OwnRow>(new CommandDefinition(QuizSql.Own,
            new { id = storyId, owner = caller.UserId }, cancellationToken: ct));
        if (quiz is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "quiz", ct);
        var result = await KeysetQuery.PageAsync<AnswerItemRow>(conn, QuizSql.Answers, page, new { quizId = quiz.Id, owner = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(result.Map(r => new QuizAnswerItem(
            new StoryAuthor(r.Id, r.Username, r.Avatar), r.Option, r.Option == quiz.CorrectOption, r.CreatedAt)));
    }

    private sealed class AnswerRow
    {
        public Guid QuizId { get; set; }
        public Guid AuthorId { get; set; }
        public short CorrectOption { get; set; }
        public bool HasOption { get; set; }
        public bool Inserted { get; set; }
    }

    private sealed class QuizRow
    {
        public Guid Id { get; set; }
        public string Question { get; set; } = "";
        public string[] Options { get; set; } = [];
        public short CorrectOption { get; set; }
        public Guid AuthorId { get; set; }
        public short? MyAnswer { get; set; }
        public long Option1Count { get; set; }
        public long Option2Count { get; set; }
        public long Option3Count { get; set; }
        public long Option4Count { get; set; }
    }

    private sealed class OwnRow
    {
        public Guid Id { get; set; }
        public short CorrectOption { get; set; }
    }

    private sealed class AnswerItemRow
    {
        public Guid Id { get; set; }
        public string Username { get; set; } = "";
        public string? Avatar { get; set; }
        public short Option { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }
}
