using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>Channel messages as a reader sees them: media read URLs (issued after the access check), poll results, reactions.</summary>
public sealed class ChannelMessageViews(MediaUploads uploads)
{
    internal async Task<IReadOnlyList<ChannelMessageView>> BuildAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        IReadOnlyList<ChannelMessageRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var polls = rows.Where(r => r.PollQuestion is not null).Select(r => r.Id).ToArray();
        var args = new { ids, viewer, shown = ChannelRules.ReactionKindsShown };
        var reactions = (await conn.QueryAsync<ReactionRow>(new CommandDefinition(ChannelMessagesSql.Reactions, args, tx, cancellationToken: ct)))
            .ToLookup(r => r.MessageId);
        var votes = polls.Length == 0 ? [] : (await conn.QueryAsync<VoteRow>(new CommandDefinition(ChannelMessagesSql.Votes,
            new { ids = polls }, tx, cancellationToken: ct))).ToList();
        var mine = polls.Length == 0 ? [] : (await conn.QueryAsync<VoteRow>(new CommandDefinition(ChannelMessagesSql.MyVotes,
            new { ids = polls, viewer }, tx, cancellationToken: ct))).ToDictionary(v => v.MessageId, v => (int)v.OptionIndex);
        var quotes = await ChannelReplies.QuotesAsync(conn, tx, viewer, rows, ct);
        var views = new List<ChannelMessageView>(rows.Count);
        foreach (var r in rows)
        {
            MessageMedia? media = null;
            if (r.MediaBlobName is not null && r.ContentType is not null)
            {
                var url = await uploads.CreateReadUrlAsync(r.MediaBlobName, r.ContentType, ct);
                media = new MessageMedia(r.MediaType!, url.Url.AbsoluteUri, url.ExpiresAt);
            }
            ChannelPollView? poll = null;
            if (r.PollQuestion is not null && r.PollOptions is not null)
            {
                var options = r.PollOptions.Select((text, i) =>
                    new ChannelPollOption(text, votes.Where(v => v.MessageId == r.Id && v.OptionIndex == i).Sum(v => v.Votes))).ToList();
                poll = new ChannelPollView(r.PollQuestion, options, options.Sum(o => o.Votes), mine.TryGetValue(r.Id, out var choice) ? choice : null);
            }
            // A removed message's reactions stay stored for an appeal, unseen (docs/messages.md "Removed channel messages").
            // A tombstone shows when it was removed and nothing of what it was: no quote, edit mark or pin either.
            var removed = r.RemovedAt is not null;
            var own = removed ? [] : reactions[r.Id].ToList();
            views.Add(new ChannelMessageView(r.Id, r.ChannelId, new UserSummary(r.SenderId, r.SenderUsername, r.SenderFullName, r.SenderAvatar, r.SenderIsVerified),
                r.Content, media, poll, own.Where(x => x.Place <= ChannelRules.ReactionKindsShown).Select(x => new ReactionCount(x.Emoji, x.Count)).ToList(),
                own.FirstOrDefault(x => x.Mine)?.Emoji, r.CreatedAt, removed ? null : ChannelReplies.Of(r, quotes), !removed && r.EditedAt is not null, removed ? null : r.EditedAt,
                removed ? null : r.PinnedAt, r.RemovedAt));
        }
        return views;
    }

    /// <summary>One message of the channel as the reader sees it; null when it is not there (or not theirs to see).</summary>
    internal async Task<ChannelMessageView?> OneAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid channelId, Guid messageId,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<ChannelMessageRow>(new CommandDefinition(ChannelMessagesSql.One,
            new { messageId, channelId, viewer }, tx, cancellationToken: ct));
        return row is null ? null : (await BuildAsync(conn, tx, viewer, [row], ct))[0];
    }

    private sealed class ReactionRow
    {
        public Guid MessageId { get; init; }
        public string Emoji { get; init; } = "";
        public int Count { get; init; }
        public bool Mine { get; init; }
        public long Place { get; init; }
    }

    private sealed class VoteRow
    {
        public Guid MessageId { get; init; }
        public short OptionIndex { get; init; }
        public int Votes { get; init; }
    }
}
