using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// GET /conversations/messages/search?q= (docs/messages.md "Search in all chats"), as Instagram's inbox search finds messages:
/// the caller's readable messages in all their chats whose text holds q, newest first in keyset pages, each shown as its
/// thread shows it and with the thread it is in.
/// </summary>
public sealed class MessageSearchApi(NpgsqlDataSource db, AccessTokens tokens, MessageViews views, VanishingRule vanishing)
{
    public async Task<IResult> Everywhere(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!TryReadTerm(request, out var contains, out var badTerm)) return badTerm!;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        var rows = await KeysetQuery.PageAsync<MessageRow>(conn, MessageSearchSql.Everywhere, page,
            new { viewer, contains, stillSince = vanishing.StillSince() }, r => new Cursor(r.CreatedAt, r.Id), ct);

        // A message is shown as its thread shows it, and the views are built per thread (quotes are read in the thread).
        var shown = new Dictionary<Guid, MessageView>();
        foreach (var thread in rows.Items.GroupBy(r => r.ConversationId))
            foreach (var view in await views.BuildAsync(conn, null, viewer, thread.Key, thread.First().ReaderJoinedAt, thread.ToList(), ct))
                shown[view.Id] = view;
        var threads = await ThreadsAsync(conn, viewer, rows.Items.Select(r => r.ConversationId).Distinct().ToArray(), ct);
        return Api.Ok(new Page<MessageSearchHit>(
            // Read outside one snapshot: a thread gone between the two reads drops its hits rather than failing the page.
            rows.Items.Where(r => threads.ContainsKey(r.ConversationId) && shown.ContainsKey(r.Id))
                .Select(r => new MessageSearchHit(threads[r.ConversationId], shown[r.Id])).ToList(), rows.NextCursor));
    }

    /// <summary>
    /// The q of both searches (this one and <see cref="MessagesApi.Search"/>): <see cref="MessagesApi.SearchTermMin"/> to
    /// <see cref="MessagesApi.SearchTermMax"/> characters once trimmed, as an ILIKE pattern that takes them literally.
    /// </summary>
    internal static bool TryReadTerm(HttpRequest request, out string contains, out IResult? invalid)
    {
        var term = request.Query["q"].ToString().Trim();
        contains = "%" + LikePattern.Escape(term) + "%";
        // Characters as every text limit counts them (TextRules), not UTF-16 units: an emoji is one.
        invalid = TextRules.Characters(term) is < MessagesApi.SearchTermMin or > MessagesApi.SearchTermMax
            ? Problems.Validation("q", $"Must be {MessagesApi.SearchTermMin} to {MessagesApi.SearchTermMax} characters of the words to find.")
            : null;
        return invalid is null;
    }

    private static async Task<Dictionary<Guid, ConversationSummary>> ThreadsAsync(NpgsqlConnection conn, Guid viewer, Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        var rows = await conn.QueryAsync<ThreadRow>(new CommandDefinition(MessageSearchSql.Threads, new { ids, viewer }, cancellationToken: ct));
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => new ConversationSummary(g.Key, g.First().IsGroup, g.First().Name,
            g.Where(r => r.UserId is not null).Select(r => new UserSummary(r.UserId!.Value, r.Username!, r.FullName!, r.Avatar, r.IsVerified)).ToList(),
            g.First().OtherCount));
    }

    private sealed class ThreadRow
    {
        public Guid Id { get; init; }
        public bool IsGroup { get; init; }
        public string? Name { get; init; }
        public Guid? UserId { get; init; }
        public string? Username { get; init; }
        public string? FullName { get; init; }
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public int OtherCount { get; init; }
    }
}
