using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// PATCH /channels/{id}/scheduled-messages/{scheduledId} (docs/messages.md "Scheduled messages"): its sender changes the text
/// and the time of a message still waiting. The upload and the poll stay as scheduled: the upload was claimed and checked
/// then, and a poll is never edited; to change them, cancel and schedule again.
/// </summary>
public sealed class ScheduledChannelMessageEditsApi(NpgsqlDataSource db, AccessTokens tokens, ScheduledChannelMessages scheduled, TimeProvider time)
{
    private const string Fixed = "Cannot be changed once scheduled: cancel the message and schedule it again.";

    /// <summary>A merge patch of <c>text</c> (null clears it) and <c>publishAt</c>, checked as a new scheduled message's; 200 with it.</summary>
    public async Task<IResult> Edit(HttpRequest request, string id, string scheduledId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(scheduledId, out var target)) return Problems.NotFound("scheduled message");
        var errors = new Validation();
        var (patch, bad) = await MergePatch.ReadAsync(request, errors, ct);
        if (bad is not null) return bad;
        await ComposedText.WrittenAsync(db, patch!, "text", ChannelRules.MaxTextLength, ct);
        var setText = patch!.String("text", out var rawText);
        if (setText) ChannelRules.Text(rawText, errors); // answered before anything is read; emptiness is checked with the stored upload and poll
        var publishAt = patch.Time("publishAt", out var at) ? ScheduledChannelMessageRules.Within(at, Timestamps.Now(time), errors) : null;
        foreach (var field in new[] { "uploadId", "poll" })
            if (patch.Has(field)) errors.Add(field, Fixed);
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // The channel first, then the row, as the job takes them: while the edit holds the row the job skips it (SKIP LOCKED),
        // and an edit waiting on a run that is posting it finds it gone (404), so no edit half-applies to a posted message.
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct) is not { IsHost: true } channel) return Problems.NotFound("scheduled message");
        // Only its sender: the message will be posted in their name.
        if (await ScheduledChannelMessages.LockAsync(conn, tx, channelId, viewer, false, target, ct) is not { } row)
            return Problems.NotFound("scheduled message");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no new messages.");
        var text = setText ? rawText : row.Content;
        // The whole message again, with its upload and poll: cleared text must leave something to post, and a poll takes none.
        var poll = row.PollQuestion is { } question ? new ChannelPollRequest(question, row.PollOptions) : null;
        if (ChannelMessageContent.Validate(text, row.UploadId, poll, null, errors) is not { } content) return errors.ToProblem();
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Edit,
            new { id = target, text = content.Text, publishAt = publishAt ?? row.PublishAt }, tx, cancellationToken: ct));
        var edited = await scheduled.VisibleAsync(conn, tx, channelId, viewer, false, target, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(edited.Single());
    }
}
