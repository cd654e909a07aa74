using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// PATCH /channels/{id}/messages/{messageId} {text}: the sender, still a host of the live channel, edits the text of their
/// message within <see cref="ConversationRules.EditWindow"/> of posting it, as a direct message's. Media never changes and a
/// message without text gains none; a poll is never edited (readers voted on its words).
/// </summary>
public sealed class ChannelMessageEditsApi(NpgsqlDataSource db, AccessTokens tokens, ChannelMessageViews views, TimeProvider time)
{
    private const int BodyLimit = 16 * 1024;

    /// <summary>The caller's own message, locked against a concurrent edit or pin while this one checks and writes.</summary>
    private static readonly string LockOwn = $"{ChannelMessagesSql.One} AND m.sender_id = @viewer FOR NO KEY UPDATE OF m";

    /// <summary>An unchanged text is no edit: the message is not marked edited for it.</summary>
    private const string SetText = """
        UPDATE broadcast_channel_messages SET content = @text, edited_at = @now
         WHERE id = @messageId AND content IS DISTINCT FROM @text
        """;

    public async Task<IResult> Edit(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        var body = await JsonBody.ReadAsync<EditMessageRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var text = ChannelRules.Text(await ComposedText.WrittenAsync(db, body.Value!.Text, ChannelRules.MaxTextLength, ct), errors);
        if (text is null && errors.IsValid) errors.Add("text", "This field is required: to take a message's words back, delete it.");
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // A former co-host's messages stay, but are no longer theirs to change: posting and editing are a host's.
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct) is not { IsHost: true } channel) return Problems.NotFound("message");
        var row = await conn.QuerySingleOrDefaultAsync<ChannelMessageRow>(new CommandDefinition(LockOwn,
            new { messageId = message, channelId, viewer }, tx, cancellationToken: ct));
        if (row is null) return Problems.NotFound("message");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; its messages stay as they were sent.");
        if (row.PollQuestion is not null)
            return Problems.Conflict("A poll can't be edited: its readers voted on these words. Delete it and post a new one instead.");
        if (row.Content is null)
            return Problems.Conflict("This message has no text to edit; a photo, video or voice message stays as it was sent.");
        if (row.CreatedAt + ConversationRules.EditWindow < now)
            return Problems.Conflict($"A message can be edited for {ConversationRules.EditWindow.TotalMinutes:0} minutes after it was posted.");
        await conn.ExecuteAsync(new CommandDefinition(SetText, new { messageId = message, text, now }, tx, cancellationToken: ct));
        var view = await views.OneAsync(conn, tx, viewer, channelId, message, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(view!);
    }
}
