using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>Interactive stickers: poll votes and results, question responses, reactions. All need a live story the caller may see.</summary>
public sealed class StoryStickersApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    private static readonly OneTimeStickerAnswer<short> PollVote = new(StickersSql.MyVote, "option",
        earlier => $"You already voted for option {earlier}; a vote cannot be changed.", "Already voted for the other option.");

    /// <summary>POST /stories/{id}/poll/votes {option}: 201 on the first vote, 200 when repeated, 409 for the other option.</summary>
    public async Task<IResult> Vote(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var body = await JsonBody.ReadAsync<VoteRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Option is not { } option || option is not (1 or 2)) return Problems.Validation("option", "Must be 1 or 2.");

        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var vote = await conn.QuerySingleAsync<VoteRow>(new CommandDefinition(StickersSql.Vote,
            new { id = storyId, viewer = caller.UserId, option, now }, tx, cancellationToken: ct));
        if (vote.PollId is not { } pollId) return Problems.NotFound("poll");
        if (vote.AuthorId == caller.UserId) return StoryRules.OwnAnswer("vote in the poll of");
        return await PollVote.SettleAsync(conn, tx, allowances, vote.Inserted, pollId, caller.UserId, (short)option, now,
            announce: () => Outbox.EnqueueAsync(conn, tx, time, StoryEvents.PollVoted, caller.UserId,
                new StoryPollVotedEvent(storyId, pollId, vote.AuthorId!.Value, caller.UserId, option, StoryEvents.EntityType, storyId), ct),
            location: $"/api/v1/stories/{storyId}/poll", view: (voted, at) => new VoteResponse(pollId, voted, at), ct);
    }

    /// <summary>GET /stories/{id}/poll: the poll, with results for its owner and for users who voted.</summary>
    public async Task<IResult> Poll(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        var poll = await conn.QuerySingleOrDefaultAsync<PollRow>(new CommandDefinition(StickersSql.Poll,
            new { id = storyId, viewer = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        if (poll is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "poll", ct);
        var results = poll.AuthorId == caller.UserId || poll.MyVote is not null
            ? new PollResults(poll.Option1Votes, poll.Option2Votes, poll.Option1Votes + poll.Option2Votes)
            : null;
        return Api.Ok(new PollResponse(poll.Id, poll.Question, poll.Option1, poll.Option2, poll.MyVote, results));
    }

    /// <summary>
    /// PUT /stories/{id}/reaction {type}: sets the caller's one reaction; the same type again changes nothing and spends
    /// nothing, a new or changed one spends a <see cref="WriteKind.StoryAnswer"/> (each tells the story's author).
    /// </summary>
    public async Task<IResult> React(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var body = await JsonBody.ReadAsync<ReactionRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var type = body.Value!.Type?.Trim().ToLowerInvariant();
        var errors = new Validation().Required("type", type).OneOf("type", type, StoryRules.ReactionTypes);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await StoryReplyAudience.RefusalAsync(conn, tx, storyId, caller.UserId, time.GetUtcNow(), StoryAnswer.Reaction, ct) is { } refused) return refused;
        var reaction = await conn.QuerySingleAsync<ReactionRow>(new CommandDefinition(StickersSql.React,
            new { id = storyId, viewer = caller.UserId, type, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        if (reaction.AuthorId is not { } authorId) return Problems.NotFound("story");
        if (reaction.IsNew is { } isNew)
            await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Reacted, caller.UserId,
                new StoryReactedEvent(storyId, authorId, caller.UserId, type!, isNew, StoryEvents.EntityType, storyId), ct);
        if (reaction.IsNew is not null && await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.StoryAnswer, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Ok(new ReactionResponse(type!));
    }

    private sealed class VoteRow
    {
        public Guid? PollId { get; set; }
        public Guid? AuthorId { get; set; }
        public bool Inserted { get; set; }
    }

    private sealed class PollRow
    {
        public Guid Id { get; set; }
        public string Question { get; set; } = "";
        public string Option1 { get; set; } = "";
        public string Option2 { get; set; } = "";
        public Guid AuthorId { get; set; }
        public int? MyVote { get; set; }
        public long Option1Votes { get; set; }
        public long Option2Votes { get; set; }
    }

    private sealed class ReactionRow
    {
        public Guid? AuthorId { get; set; }
        public bool? IsNew { get; set; }
    }
}
