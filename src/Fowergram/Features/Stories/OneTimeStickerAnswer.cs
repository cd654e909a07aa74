using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A sticker each viewer answers once and can never change: the poll (a vote), the slider (a response), the quiz (an answer).
/// The route's INSERT … ON CONFLICT DO NOTHING picks the sticker only on a live story the caller may see; what it did then
/// decides the answer in the same way for all three (<see cref="SettleAsync{TView}"/>).
/// </summary>
/// <param name="earlierSql">The caller's earlier answer: <c>value</c> and <c>answered_at</c>, by <c>@stickerId</c> and <c>@viewer</c>.</param>
/// <param name="field">The body field that carries the answer, named in the 409.</param>
/// <param name="conflictDetail">The 409's detail, given the earlier answer.</param>
/// <param name="conflictError">The 409's error for <paramref name="field"/>.</param>
internal sealed class OneTimeStickerAnswer<T>(string earlierSql, string field, Func<T, string> conflictDetail, string conflictError)
{
    /// <summary>
    /// When this call's insert wrote the answer, <paramref name="announce"/> queues its event in the same transaction, the
    /// answer spends the caller's <see cref="WriteKind.StoryAnswer"/> allowance last (a 429 rolls it all back), it commits,
    /// and the route answers 201 at <paramref name="location"/>. Otherwise the caller had answered before and nothing
    /// was written (the transaction is left to roll back): the same answer again is 200 with the earlier one and its time,
    /// another is 409.
    /// </summary>
    /// <param name="view">The answer's view, given the answer as stored and when it was given.</param>
    public async Task<IResult> SettleAsync<TView>(NpgsqlConnection conn, NpgsqlTransaction tx, WriteAllowances allowances, bool inserted,
        Guid stickerId, Guid viewer, T answer, DateTimeOffset now, Func<Task> announce, string location, Func<T, DateTimeOffset, TView> view,
        CancellationToken ct)
    {
        if (inserted)
        {
            await announce();
            if (await allowances.SpendAsync(conn, tx, viewer, WriteKind.StoryAnswer, ct) is { } spent) return spent;
            await tx.CommitAsync(ct);
            return Api.Created(location, view(answer, now));
        }
        var earlier = await conn.QuerySingleAsync<EarlierAnswer>(new CommandDefinition(earlierSql,
            new { stickerId, viewer }, tx, cancellationToken: ct));
        return EqualityComparer<T>.Default.Equals(earlier.Value, answer)
            ? Api.Ok(view(earlier.Value, earlier.AnsweredAt))
            : Problems.Conflict(conflictDetail(earlier.Value), new Dictionary<string, string[]> { [field] = [conflictError] });
    }

    private sealed class EarlierAnswer
    {
        public T Value { get; set; } = default!;
        public DateTimeOffset AnsweredAt { get; set; }
    }
}
